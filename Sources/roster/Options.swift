import ArgumentParser
import Foundation
import Logging
import RosterCore
import RosterRuntime

struct ConfigOptions: ParsableArguments {
    @Option(name: [.short, .customLong("config")], help: "The config: a YAML file, or a folder of them merged.")
    var config = "roster.yaml"

    @Option(name: .customLong("log-level"), help: "How much to log to stderr. Secrets are never logged.")
    var logLevel: Logger.Level = .warning

    @Option(name: .customLong("target"), help: "Work on BACKEND[/KIND[/KEY]] only (repeatable); what it needs comes along.")
    var targets: [String] = []

    @Option(name: .customLong("exclude"), help: "Leave out BACKEND[/KIND[/KEY]] (repeatable).")
    var excludes: [String] = []

    @Option(name: .customLong("force"),
            help: ArgumentHelp("Lift this safety rail for plan and apply (repeatable).", valueName: "rail"))
    var forced: [Rail] = []

    @Option(name: .customLong("secrets-dir"),
            help: ArgumentHelp("A folder '${file:PATH}' may read besides the config's (repeatable).", valueName: "dir"))
    var secretsDirectories: [String] = []
    @Option(help: ArgumentHelp("Take this day as today for 'until:' (YYYY-MM-DD), for reproducible plans.",
                               valueName: "date"))
    var now: CalendarDay?

    func runner() -> Runner {
        Output.bootstrapLogging(logLevel)
        var runner = Runner(logger: Logger(label: "roster"), secretsDirectories: secretsDirectories)
        runner.forced = Set(forced)
        runner.onWarnings = { Output.printDiagnostics($0) }
        runner.pipeline.loader.today = now
        return runner
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension Rail: ExpressibleByArgument {}
extension CalendarDay: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Exit codes, in one place.
enum Exit {
    static let changesPending = ExitCode(2)
    static let refused = ExitCode(3)
    static let actionsFailed = ExitCode(4)
    static let stale = ExitCode(5)
    /// `plan --base`: a backend the change adds, removes or reconnects was not contacted.
    static let connectionsPending = ExitCode(6)
    /// A command line roster cannot read (an unknown command or option, a missing value): the
    /// code of ArgumentParser's usage errors (EX_USAGE), given to roster's own too.
    static let usage = ExitCode(64)

    /// Runs a command's work; a config problem or runtime error prints and exits 1.
    static func guarded(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as RailsError {
            for violation in error.violations { Output.error(violation.description) }
            let names = Set(error.violations.map(\.rail.rawValue)).sorted()
            Output.writeError("Nothing was changed. To go ahead all the same: "
                + names.map { "--force \($0)" }.joined(separator: " ") + "\n")
            throw Exit.refused
        } catch let error as DiagnosticError {
            Output.printDiagnostics(error.diagnostics)
            throw ExitCode.failure
        } catch let error as CleanExit {
            throw error
        } catch {
            Output.error(String(describing: error))
            throw ExitCode.failure
        }
    }
}
