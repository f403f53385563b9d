import Foundation
import Logging
import RosterCore
import RosterRuntime
import Testing

/// Faults injected in the ActiveLogic sandbox module (`ACTIVELOGIC_SANDBOX_FAULTS`, from the seed's
/// `faults:` block): a change lost after it was committed is read back, not sent again.
@Suite struct ActiveLogicFaultTests {
    static func config(people: Int) -> String {
        var text = """
            version: 1
            backends:
              al: {type: activelogic, url: sandbox, seed: seed.yaml, state: activelogic-state.json, request_timeout: 20}
            people:

            """
        for i in 0..<people {
            text += "  u\(i): {password: pw-\(i)-secret, accounts: {al: {readbm: \(i + 1), timeout: 60}}}\n"
        }
        return text
    }

    @Test func changesWhoseAnswerWasLostAreReadBackNotRepeated() async throws {
        let lab = ActiveLogicLab()
        let seed = lab.folder + "/seed.yaml"
        try "faults: {error: 0.1, drop: 0.1, lost: 0.3}\n".write(toFile: seed, atomically: true, encoding: .utf8)
        let file = lab.folder + "/roster.yaml"
        try Self.config(people: 20).write(toFile: file, atomically: true, encoding: .utf8)
        let runner = Runner(environment: [:], logger: Logger(label: "test"))

        let outcome = try await runner.apply(try runner.load(path: file), saved: nil, dryRun: false, parallelism: 4,
                                             confirm: { _ in true })
        guard case .applied(let plan, let report) = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        #expect(report.actions.count == plan.actions.count)
        let injected = (try? String(contentsOfFile: lab.statePath + ".faults", encoding: .utf8)) ?? ""
        let lost = injected.split(separator: "\n").count { $0 == "lost" }
        #expect(lost > 0)
        // A change lost after it was committed was read back and counted as done, not reported
        // failed nor sent again into "already exists".
        #expect(!report.actions.contains { $0.message?.contains("committed") == true })
        #expect(!report.actions.contains { $0.message?.contains("already exists") == true })
        for failure in report.actions where failure.outcome == .failed {
            #expect(failure.message?.contains("injected fault") == true, "\(failure.message ?? "")")
        }

        try "users: {}\n".write(toFile: seed, atomically: true, encoding: .utf8)  // the system is healthy again
        _ = try await runner.apply(try runner.load(path: file), saved: nil, dryRun: false, parallelism: 4,
                                   confirm: { _ in true })
        #expect(try await runner.plan(try runner.load(path: file)).isEmpty)
        let users = try lab.users()
        #expect(users.count == 21)
    }
}
