import ArgumentParser
import RosterCore
import RosterRuntime

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
    static let usage = ExitCode(CLIError.usage)

    /// Runs a command's work; a config problem or runtime error prints and exits 1, an error of
    /// the command line with its own status.
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
        } catch let error as CLIError {
            Output.error(error.description)
            throw ExitCode(error.status)
        } catch let error as CleanExit {
            throw error
        } catch {
            Output.error(String(describing: error))
            throw ExitCode.failure
        }
    }
}
