import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime

@main
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Keep people and their access in one YAML file; plan and apply it to every system.",
        discussion: """
            Exit codes: 0 done or no changes; 1 error; 2 changes pending (plan --detailed-exitcode); \
            3 refused by a safety rail; 4 apply finished with failed actions; 5 saved plan is stale; \
            6 plan --base left a backend uncontacted; 64 usage error (an unknown command or option).
            """,
        version: Roster.version,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ReportCommand.self, ImportCommand.self,
                      SandboxCommand.self]
    )

    static func main() async {
        CrashReports.leaveOutRegisters()
        if let unknown = unknownSubcommand(Array(CommandLine.arguments.dropFirst())) {
            Output.error("unknown command '\(unknown)'")
            for note in Suggestion.note(for: unknown, in: subcommandNames) { Output.writeError("note: \(note.message)\n") }
            Output.writeError("commands: \(subcommandNames.joined(separator: ", ")); see 'roster --help'\n")
            exit(withError: Exit.usage)
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } }

    /// The first argument when it is meant as a command (not an option) and names none.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        return subcommandNames.contains(first) ? nil : first
    }
}
