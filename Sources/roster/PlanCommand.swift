import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change in each backend. Never changes anything.",
        discussion: """
            Reads every backend through sessions that cannot send a mutating request, diffs the live \
            state with the config and prints the ordered actions. With --out, saves the plan for \
            'roster apply FILE', which refuses it if the config or the live systems have moved since. \
            With --base REF (a pull request), every backend is reached as the config at git revision \
            REF says, a backend the change adds, removes or reconnects is not contacted (exit 6), and \
            only the people the change touches are read.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var rails: RailOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var day: DayOptions
    @OptionGroup var output: FormatOptions<PlanFormat>

    @Option(help: "Also save the plan as JSON to this file, for 'roster apply FILE'.")
    var out: String?

    @Option(name: .customLong("expiry-warning"), help: ArgumentHelp("Warn about 'until:' days within this many days.",
                                                                      valueName: "days"))
    var expiryWarning = 14

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Option(help: ArgumentHelp("Plan an untrusted change: connection settings from this git revision, only what the change touches read.",
                               valueName: "ref"))
    var base: String?

    @Flag(help: "With --base: read every person, not only those the change touches.")
    var full = false

    func validate() throws {
        if full && base == nil { throw ValidationError("--full goes with --base") }
    }

    func run() async throws {
        try await Exit.guarded {
            let runner = Runner(log: log, secrets: secrets, rails: rails, day: day)
            let plan: Plan
            if let base {
                plan = try await runner.planAgainstBase(path: config.path, base: base, full: full,
                                                        targets: selection.targets, excludes: selection.excludes)
            } else {
                var loaded = try runner.load(path: config.path, targets: selection.targets, excludes: selection.excludes)
                ExpiryWarnings.add(runner, &loaded, within: expiryWarning, expired: false)
                plan = try await runner.plan(loaded)
            }
            switch output.format {
            case .text: Output.write(TextRenderer(color: Output.colorStdout).render(plan))
            case .json: Output.write(String(decoding: PlanDocument(plan).encoded(), as: UTF8.self) + "\n")
            case .markdown: Output.write(MarkdownRenderer().render(plan))
            }
            if let out {
                // Live personal data: 0600, whole or not at all, never through a symbolic link.
                try SafeFile.replace(out, with: PlanDocument(plan).encoded(), operation: "--out")
                Output.writeError("Saved the plan to \(out); apply it with: roster apply \(out) -c \(config.path)\n")
            }
            if !plan.pendingConnections.isEmpty { throw Exit.connectionsPending }
            if detailedExitcode && !plan.isEmpty { throw Exit.changesPending }
        }
    }
}
