import ArgumentParser
import RosterCore
import RosterRuntime

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the config without contacting any backend.",
        discussion: """
            Prints every problem as file:line:col: error: message and exits 1 if there is one. \
            Warnings (file:line:col: warning: message) are printed too; they do not fail the check.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var day: DayOptions

    func run() async throws {
        try await Exit.guarded {
            let runner = Runner(log: log, secrets: secrets, day: day)
            var loaded = try runner.load(path: config.path, targets: selection.targets, excludes: selection.excludes)
            ExpiryWarnings.add(runner, &loaded, within: nil, expired: true)
            let people = loaded.config.personEntries.count
            Output.write("\(config.path): valid (\(loaded.config.backends.count) backends, \(people) people)\n")
        }
    }
}
