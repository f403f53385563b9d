import ArgumentParser
import Foundation

/// `roster-bench scale`: `plan` at 1k, 10k and 100k people, and the time per person at each, so
/// that growth faster than linear shows as a ratio above 1.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Run plan at 1k, 10k and 100k people and compare the time per person."
    )

    @Option(parsing: .upToNextOption, help: "The sizes, in people.")
    var sizes = [1_000, 10_000, 100_000]

    @Option(help: "Percentage of people whose live state differs.")
    var drift = 1.0

    @Option(help: "Measured runs at each size; medians are reported.")
    var runs = 5

    @Option(name: .customLong("without"), help: "Leave a backend out (repeatable), e.g. activelogic.")
    var without: [String] = []

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() async throws {
        let backends = BenchWorld.allBackends.filter { !without.contains($0) }
        var rows: [(String, String)] = [("drift %", String(format: "%g", drift)), ("runs", "\(runs)")]
        var perPerson: [Int: (total: Double, local: Double)] = [:]
        for size in sizes {
            let measured = try await PlanMeasurement.run(BenchWorld(people: size, drift: drift, backends: backends), runs: runs)
            let total = measured.median(\.total), local = measured.median(\.local)
            perPerson[size] = (total / Double(size), local / Double(size))
            rows += [
                ("\(size) people: total s", Format.seconds(total)),
                ("\(size) people: total µs per person", String(format: "%.1f", total / Double(size) * 1e6)),
                ("\(size) people: outside fetch µs per person", String(format: "%.1f", local / Double(size) * 1e6)),
            ]
        }
        for (small, large) in zip(sizes, sizes.dropFirst()) {
            guard let a = perPerson[small], let b = perPerson[large] else { continue }
            rows.append(("per person \(large)/\(small) (total)", Format.ratio(b.total / a.total)))
            rows.append(("per person \(large)/\(small) (outside fetch)", Format.ratio(b.local / a.local)))
        }
        Table.print(rows, json: json)
    }
}
