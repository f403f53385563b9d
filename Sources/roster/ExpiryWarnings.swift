import RosterCore
import RosterRuntime

/// `until:` days that end soon (plan) or have ended (validate), as warnings of the config.
enum ExpiryWarnings {
    /// The warnings, printed to stderr as `file:line:col: warning: ...`, and added to the loaded
    /// config's so that every form of the plan shows them too.
    static func add(_ runner: Runner, _ loaded: inout Pipeline.Loaded, within days: Int?, expired: Bool) {
        let loader = runner.pipeline.loader
        let today = loader.day(for: loaded.config)
        let warnings = loader.expiryWarnings(of: loaded.config, today: today, within: days, expired: expired)
        Output.printDiagnostics(warnings)
        loaded.warnings = (loaded.warnings + warnings).sortedByPlace
    }
}
