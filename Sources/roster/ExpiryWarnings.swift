import RosterCore
import RosterRuntime

/// `until:` days that end soon (plan) or have ended (validate), printed to stderr as
/// `file:line:col: warning: ...`.
enum ExpiryWarnings {
    static func print(_ runner: Runner, _ loaded: Pipeline.Loaded, within days: Int?, expired: Bool) {
        let loader = runner.pipeline.loader
        let today = loader.day(for: loaded.config)
        let warnings = loader.expiryWarnings(of: loaded.config, today: today, within: days, expired: expired)
        Output.printDiagnostics(warnings)
    }
}
