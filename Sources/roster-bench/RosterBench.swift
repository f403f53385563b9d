import ArgumentParser
import RosterCore

@main
struct RosterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster-bench",
        abstract: "Measure roster at scale. Build with -c release.",
        subcommands: [LoadBenchmark.self, PlanBenchmark.self, ApplyBenchmark.self, ScaleBenchmark.self]
    )

    /// As `roster` does: the allocator set up for large configs first (`ProcessMemory`).
    static func main() async {
        ProcessMemory.tune()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
