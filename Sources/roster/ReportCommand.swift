import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "An access review: every live account with its owner, the orphans, what should not work.",
        discussion: """
            Reads every backend (or those named by --backend) through sessions that cannot send a \
            mutating request, and lists each live account with the person whose config declares it, \
            its roles, groups, key ids and state; the orphans no person owns (administrators first); \
            the accounts of disabled or absent people that still work; grants that end within 30 days; \
            totals per backend. No secret is ever read into it. --out writes the file with mode 0600.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var day: DayOptions

    @Option(name: .customLong("backend"), parsing: .upToNextOption, help: "Report on these backends only (default: all).")
    var backends: [String] = []

    @OptionGroup var output: FormatOptions<ReportFormat>

    @Option(help: "Write the report to this file (mode 0600) instead of stdout.")
    var out: String?

    func run() async throws {
        try await Exit.guarded {
            let runner = Runner(log: log, secrets: secrets, day: day)
            let loaded = try runner.load(path: config.path)
            let report = try await runner.report(loaded, backends: backends)
            let text = switch output.format {
            case .markdown: report.markdown()
            case .csv: report.csv()
            case .json: String(decoding: report.encoded(), as: UTF8.self) + "\n"
            }
            guard let out else { return Output.write(text) }
            try Self.writePrivate(text, to: out)
            Output.writeError("Wrote \(out)\n")
        }
    }

    /// The report names people: only its owner may read the file.
    static func writePrivate(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CLIError(operation: "--out", object: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        try handle.write(contentsOf: Data(text.utf8))
    }
}
