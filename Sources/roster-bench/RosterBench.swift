import ArgumentParser

@main
struct RosterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster-bench",
        abstract: "Measure roster at scale. Build with -c release.",
        subcommands: [LoadBenchmark.self, PlanBenchmark.self, ApplyBenchmark.self, ScaleBenchmark.self,
                      SeedBenchmark.self, SchemaCommand.self]
    )
}
