import Foundation
import RosterCore

/// What `roster apply` was asked for, and every decision that follows from that alone: whether the
/// plan is asked about, only shown, or the run refused for want of a terminal; where the journal
/// goes; where new secrets go, and what is said of secrets nobody received. Decided from values
/// (the terminal's presence is an input), so the CLI only parses, asks the runner and prints.
public struct ApplyOptions: Sendable, Equatable {
    /// Go through the whole apply without sending any change; nothing is written.
    public var dryRun: Bool
    /// Apply without asking for confirmation.
    public var yes: Bool
    /// Actions run at once per backend.
    public var parallelism: Int
    /// `--secrets-out`: the file new secrets go to (mode 0600); they are printed nowhere else.
    public var secretsOut: String?
    /// Let `secretsOut` replace an existing file.
    public var overwriteSecrets: Bool
    /// `--journal`: where finished actions are recorded, instead of the default next to the config.
    public var journal: String?

    public init(dryRun: Bool = false, yes: Bool = false, parallelism: Int = 8, secretsOut: String? = nil,
                overwriteSecrets: Bool = false, journal: String? = nil) {
        self.dryRun = dryRun
        self.yes = yes
        self.parallelism = parallelism
        self.secretsOut = secretsOut
        self.overwriteSecrets = overwriteSecrets
        self.journal = journal
    }

    /// The journal's folder and name under the config's folder, when `--journal` names none.
    public static let defaultJournal = ".roster/journal.jsonl"

    /// How the plan is put to the operator before anything is changed.
    public enum Confirmation: Sendable, Equatable {
        /// Shown, then asked on the terminal; only `yes` goes ahead.
        case ask
        /// Shown and applied without asking (`--yes`, or a dry run, which changes nothing): the
        /// output of every apply holds what it did.
        case show
    }

    /// `--yes` and a dry run show the plan; otherwise it is asked, which needs a terminal on stdin:
    /// off one (a CI job, a pipe) nobody can answer, and the run is refused before any change.
    public func confirmation(stdinIsTerminal: Bool) throws(CLIError) -> Confirmation {
        if yes || dryRun { return .show }
        guard stdinIsTerminal else {
            throw CLIError(operation: "apply", message: "not a terminal, so nobody can confirm: pass --yes to apply")
        }
        return .ask
    }

    /// The journal's path: `--journal`, else `.roster/journal.jsonl` in the config's folder. A dry
    /// run, which finishes no action for real, keeps none.
    public func journalPath(configFolder: String) -> String? {
        guard !dryRun else { return nil }
        return journal ?? configFolder + "/" + Self.defaultJournal
    }

    /// Where new secrets are written, and whether an existing file may be replaced: only with
    /// `--secrets-out`, and never on a dry run (it creates none).
    public var secretsTarget: (path: String, overwrite: Bool)? {
        guard !dryRun, let secretsOut else { return nil }
        return (secretsOut, overwriteSecrets)
    }

    /// Whether a secret an action generates has somewhere to go. Without, the runner refuses a plan
    /// that would generate one before anything is asked or changed (a dry run is not refused).
    public var receivesSecrets: Bool { secretsTarget != nil }

    /// The warning for secrets an apply created and could not hand to anyone (no `--secrets-out`;
    /// only possible when the runner did not refuse first), or nil. Names only, never a value.
    public func unsavedSecretsWarning(_ names: [String]) -> String? {
        guard !dryRun, !receivesSecrets, !names.isEmpty else { return nil }
        let sorted = names.sorted()
        return "warning: \(sorted.count) new secret(s) were created and not saved, as no --secrets-out was given: "
            + sorted.joined(separator: ", ")
    }

    /// Who hears of each finished action, in order: the secrets file first, so that a secret is on
    /// disk before its action is journaled or shown; then the journal; then the progress line.
    public static func observers(secrets: (any ExecutionObserver)?, journal: (any ExecutionObserver)?,
                                 progress: any ExecutionObserver) -> [any ExecutionObserver] {
        [secrets, journal].compactMap { $0 } + [progress]
    }

    /// The saved plan at `path` (from `roster plan --out`).
    public static func readPlan(_ path: String) throws(CLIError) -> PlanDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(operation: "apply", object: path, message: "cannot read the saved plan")
        }
        do { return try PlanDocument.decode(data) } catch {
            throw CLIError(operation: "apply", object: path, message: "not a roster plan: \(error)")
        }
    }
}
