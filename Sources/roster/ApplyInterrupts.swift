import Dispatch
import Foundation
import RosterCore

/// SIGINT (Ctrl-C, sent to the whole process group) and SIGTERM (a cancelled CI job) during an
/// apply. The first one starts nothing new: the running actions finish (for at most `grace`), then
/// the apply prints its summary and exits 130 or 143. Before any action started it exits at once
/// (nothing was changed). A second signal, or the end of the grace period, exits at once; as every
/// secret and journal line is written and synced as its action finishes, that loses nothing that
/// was received (an exit waits for a write in progress, never cuts one short).
final class ApplyInterrupts: @unchecked Sendable {
    static let grace: DispatchTimeInterval = .seconds(30)

    let stop = StopRequest()
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "roster.signals")
    private var count = 0
    private let secrets: SecretsFile?
    private let journal: Journal?

    init(secrets: SecretsFile?, journal: Journal?) {
        self.secrets = secrets
        self.journal = journal
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { self.received(number) }
            source.resume()
            sources.append(source)
        }
        // Kept for the rest of the process: the handlers refer to it (a cycle on purpose).
        Self.installed = self
    }

    nonisolated(unsafe) private static var installed: ApplyInterrupts?

    /// The exit status for a stop by `signal`: 128 + its number (130 SIGINT, 143 SIGTERM).
    static func status(_ signal: Int32) -> Int32 { 128 + signal }

    private func received(_ number: Int32) {
        count += 1
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        guard count == 1 else {
            exitNow(number, "\(name) again: exiting now. An action that was running may have been carried out; "
                    + "run 'roster plan' to see what is left.\n")
        }
        guard stop.request(number) else {
            exitNow(number, "\(name): stopped before any change was sent; nothing was changed.\n")
        }
        Output.writeError("\n\(name): starting nothing new; the running actions finish (at most "
            + "\(Self.seconds) s), then roster exits. Send it again to exit at once.\n")
        queue.asyncAfter(deadline: .now() + Self.grace) {
            self.exitNow(number, "the running actions did not finish within \(Self.seconds) s: exiting now. "
                         + "Run 'roster plan' to see what is left.\n")
        }
    }

    private static var seconds: Int {
        if case .seconds(let s) = grace { return s }
        return 30
    }

    /// Exits at once, after any secret or journal line being written is whole on disk.
    private func exitNow(_ number: Int32, _ message: String) -> Never {
        let text = Array(message.utf8)
        _ = text.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        let status = Self.status(number)
        let quiesced: () -> Never = { [journal] in
            guard let journal else { _exit(status) }
            journal.quiesced { _exit(status) }
        }
        guard let secrets else { quiesced() }
        secrets.quiesced { quiesced() }
    }
}
