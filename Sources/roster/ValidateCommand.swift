import ArgumentParser
import RosterCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the config without contacting any backend.",
        discussion: """
            Prints every problem as file:line:col: error: message and exits 1 if there is one. \
            Warnings (file:line:col: warning: message) are printed too; they do not fail the check.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await Exit.guarded {
            let runner = options.runner()
            var loaded = try runner.load(path: options.config, targets: options.targets, excludes: options.excludes)
            ExpiryWarnings.add(runner, &loaded, within: nil, expired: true)
            let people = loaded.config.personEntries.count
            Output.write("\(options.config): valid (\(loaded.config.backends.count) backends, \(people) people)\n")
        }
    }
}
