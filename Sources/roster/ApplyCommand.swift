import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the changes the plan shows.",
        discussion: """
            Plans again against the live systems, shows the plan and asks for confirmation on a \
            terminal (--yes skips it). Given a saved plan (from 'roster plan --out'), applies it only \
            if planning now gives the same actions from the same config; otherwise exits 5.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var rails: RailOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var day: DayOptions

    @Argument(help: "A saved plan from 'roster plan --out FILE'.")
    var savedPlan: String?

    @Flag(help: "Go through the whole apply without sending any change.")
    var dryRun = false

    @Flag(help: "Apply without asking for confirmation.")
    var yes = false

    @Option(help: "Actions run at once per backend.")
    var parallelism = 8

    @Option(help: "Write the secrets this apply creates (new keys, generated passwords) to this file, mode 0600. They are printed nowhere else.")
    var secretsOut: String?

    @Flag(help: "Let --secrets-out replace an existing file.")
    var overwriteSecrets = false

    @Option(help: "Append one JSON line per finished action to this file (default: .roster/journal.jsonl next to the config). A dry run writes none.")
    var journal: String?

    /// What was asked, as the value that decides the apply's policy.
    var applyOptions: ApplyOptions {
        ApplyOptions(dryRun: dryRun, yes: yes, parallelism: parallelism, secretsOut: secretsOut,
                     overwriteSecrets: overwriteSecrets, journal: journal)
    }

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        try await Exit.guarded {
            let runner = Runner(log: log, secrets: secrets, rails: rails, day: day)
            let loaded = try runner.load(path: config.path, targets: selection.targets, excludes: selection.excludes)
            let saved = try savedPlan.map(ApplyOptions.readPlan)
            let options = applyOptions
            let confirmation = try options.confirmation(stdinIsTerminal: Output.stdinIsTerminal)
            let records = try options.openRecords(configFolder: loaded.config.baseDirectory)
            let interrupts = options.dryRun ? nil : ApplyInterrupts(secrets: records.secrets, journal: records.journal)
            let observer = ObserverGroup(records.observers(progress: Progress(dryRun: options.dryRun)))
            let outcome = try await runner.apply(loaded, saved: saved, options: options,
                                                 confirm: { plan in confirmation == .show ? Self.show(plan) : Self.confirm(plan) },
                                                 observer: observer, stop: interrupts?.stop)
            reportSecrets(outcome.report, records.secrets)
            try report(outcome, journal: records.journal, stop: interrupts?.stop)
        }
    }

    private func reportSecrets(_ report: ExecutionReport?, _ secrets: SecretsFile?) {
        if let secrets {
            // Each secret was written as its action finished; a write that failed then is tried again.
            if let report, (try? secrets.write(report.secrets)) == nil, let failure = secrets.failure {
                Output.error("some secrets could not be saved: \(failure)")
            }
            let names = secrets.names
            Output.writeError(names.isEmpty ? "No new secrets; \(secrets.path) holds an empty object.\n"
                : "Wrote \(names.count) new secret(s) to \(secrets.path): \(names.joined(separator: ", "))\n")
        } else if let warning = applyOptions.unsavedSecretsWarning(report.map { Array($0.secrets.keys) } ?? []) {
            Output.writeError(warning + "\n")
        }
    }

    private func report(_ outcome: Runner.ApplyOutcome, journal: Journal?, stop: StopRequest?) throws {
        switch outcome {
        case .noChanges(let plan):
            Output.write(plan.summary + "\n")
        case .declined:
            Output.writeError("Apply cancelled.\n")
            throw ExitCode.failure
        case .stale(let saved, let current):
            let why = saved.configDigest != current.configDigest
                ? "it was made from another version of the config"
                : "the live systems or the config changed since it was made"
            Output.error("the saved plan is stale: \(why); run 'roster plan' again and review it")
            throw Exit.stale
        case .partlyStale(let plan, let report, let refused):
            for refusal in refused { Output.error("refused \(refusal)") }
            Output.error("\(refused.count) action(s) of the saved plan were refused; run 'roster plan' again and review them")
            // Failed actions (4) and an interrupt come before staleness (5).
            try applied(plan, report, journal: journal, stop: stop, refused: refused.count)
            throw Exit.stale
        case .applied(let plan, let report):
            try applied(plan, report, journal: journal, stop: stop, refused: 0)
        }
    }

    private func applied(_ plan: Plan, _ report: ExecutionReport, journal: Journal?, stop: StopRequest?,
                         refused: Int) throws {
        if dryRun {
            Output.write("Dry run: \(plan.actions.count) actions, none sent.\n")
            return
        }
        for action in report.actions where action.outcome != .succeeded {
            Output.error("\(action.action.change.id): \(action.message ?? action.outcome.rawValue)")
        }
        let stale = refused > 0 ? " \(refused) refused as stale." : ""
        Output.write(report.summary + stale + "\n")
        if let journal {
            if let failure = journal.failure { Output.writeError("warning: the journal is incomplete: \(failure)\n") }
            Output.writeError("Journal: \(journal.lines) line(s) appended to \(journal.path)\n")
        }
        if let signal = stop?.signal {
            Output.writeError("Interrupted: \(report.notStarted) action(s) not started; run 'roster apply' again to finish.\n")
            throw ExitCode(ApplyInterrupts.status(signal))
        }
        if !report.succeeded { throw Exit.actionsFailed }
    }

    /// The plan about to be applied without asking (`--yes`, a dry run): shown all the same, on a
    /// terminal or not, so the output of every apply holds what it did.
    static func show(_ plan: Plan) -> Bool {
        Output.write(TextRenderer(color: Output.colorStdout).render(plan) + "\n")
        return true
    }

    static func confirm(_ plan: Plan) -> Bool {
        Output.write(TextRenderer(color: Output.colorStdout).render(plan))
        Output.write("\nApply these changes? Only 'yes' is accepted: ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}

/// One line per finished action: on a terminal a progress line that rewrites itself.
/// A dry run says what it would have done, never that it succeeded.
struct Progress: ExecutionObserver {
    var dryRun = false
    let terminal = Output.stderrIsTerminal

    func finished(_ report: ActionReport, done: Int, of total: Int) {
        let change = report.action.change
        let what = dryRun && report.outcome == .succeeded ? "would \(change.operation.rawValue)"
            : "\(report.outcome.rawValue): \(change.operation.rawValue)"
        let line = "[\(done)/\(total)] \(what) \(change.id)"
        if terminal {
            Output.writeError(raw: "\r\u{1B}[K", line + (done == total ? "\n" : ""))
        } else {
            Output.writeError(line + "\n")
        }
    }
}
