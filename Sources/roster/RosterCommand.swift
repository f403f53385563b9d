import ArgumentParser
import RosterRuntime

@main
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Keep people and their access in one YAML file; plan and apply it to every system.",
        discussion: """
            Exit codes: 0 done or no changes; 1 error; 2 changes pending (plan --detailed-exitcode); \
            3 refused by a safety rail; 4 apply finished with failed actions; 5 saved plan is stale.
            """,
        version: Roster.version,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ReportCommand.self, ImportCommand.self,
                      SandboxCommand.self]
    )

    static func main() async {
        CrashReports.leaveOutRegisters()
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
}
