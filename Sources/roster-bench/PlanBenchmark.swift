import ArgumentParser
import Foundation
import RosterSandbox

/// `roster-bench plan --people N --drift P`: a plan of N people over every backend's emulator,
/// seeded with P % of them differing; stage times, requests against each API's minimum, memory.
struct PlanBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Time a plan of N people spread over all backends, with P% drift.",
        discussion: "With --changed K [--latency MS]: the pull-request plan of a change to K people beside the full plan."
    )

    @Option(help: "People in the generated config, spread over the backends.")
    var people = 100_000

    @Option(help: "Percentage of people whose live state differs (creates, updates, deletes in turn).")
    var drift = 1.0

    @Option(help: "Measured runs; the median of each figure is reported.")
    var runs = 5

    @Option(name: .customLong("without"), help: "Leave a backend out (repeatable), e.g. activelogic.")
    var without: [String] = []

    @Flag(help: "Also print each backend's requests by operation.")
    var verbose = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: "Measure the pull-request plan (plan --base) of a change to this many people, beside the full plan.")
    var changed: Int?

    @Option(help: "With --changed: milliseconds each emulator waits before answering.")
    var latency = 0

    @Flag(help: "With --changed: leave the full plan out (at 100,000 people and 20 ms it takes minutes).")
    var skipFull = false

    func run() async throws {
        if let changed {
            let world = BenchWorld(people: people, drift: 0, backends: BenchWorld.allBackends.filter { !without.contains($0) })
            let result = try await PullRequestMeasurement.run(world, changed: changed, latency: latency, runs: runs,
                                                              measureFull: !skipFull)
            Table.print(result.rows(), json: json)
            return
        }
        let world = BenchWorld(people: people, drift: drift, backends: BenchWorld.allBackends.filter { !without.contains($0) })
        let result = try await PlanMeasurement.run(world, runs: runs)
        Table.print(result.rows(), json: json)
        if verbose { result.printOperations() }
    }
}

/// Medians of several `PlanRun`s over one world, and the requests of the last one.
struct PlanMeasurement {
    var world: BenchWorld
    var runs: [PlanRun]
    var requests: [String: [RequestLog.Entry]]

    static func run(_ world: BenchWorld, runs: Int) async throws -> PlanMeasurement {
        let emulators = try await BenchEmulators.start(world)
        do {
            var measured: [PlanRun] = []
            var requests: [String: [RequestLog.Entry]] = [:]
            for _ in 0..<max(1, runs) {
                emulators.resetLogs()
                measured.append(try await PlanRun.measure(configPath: emulators.configPath))
                requests = emulators.requests()
            }
            await emulators.stop()
            return PlanMeasurement(world: world, runs: measured, requests: requests)
        } catch {
            await emulators.stop()
            throw error
        }
    }

    func median(_ figure: (PlanRun) -> Double) -> Double { Stopwatch.median(runs.map(figure)) }

    func rows() -> [(String, String)] {
        let counts = world.counts
        var rows: [(String, String)] = [
            ("people", "\(world.people)"),
            ("drift %", String(format: "%g", world.drift)),
            ("runs", "\(runs.count)"),
            ("total s", Format.seconds(median(\.total))),
            ("outside fetch s (load+diff+plan+render)", Format.seconds(median(\.local))),
            ("load s", Format.seconds(median(\.load))),
            ("connect s", Format.seconds(median(\.connect))),
            ("fetch s (all backends, concurrent)", Format.seconds(median(\.fetch))),
        ]
        for name in world.backends {
            rows.append(("fetch \(name) s", Format.seconds(median { $0.fetchByBackend[name] ?? 0 })))
        }
        rows += [
            ("diff s", Format.seconds(median(\.diff))),
            ("plan s", Format.seconds(median(\.plan))),
            ("render s (text and JSON)", Format.seconds(median(\.render))),
            ("peak memory growth MB", Format.megabytes(Int(median { Double($0.peakGrowth) }))),
        ]
        for name in world.backends {
            let c = counts[name] ?? .init()
            rows.append(("\(name) users (live/compared/create/update/delete)",
                         "\(c.live)/\(c.compared)/\(c.creates)/\(c.updates)/\(c.deletes)"))
            rows.append(("\(name) actions", "\(runs.last?.actionsByBackend[name] ?? 0)"))
            guard let entries = requests[name] else {
                rows.append(("\(name) requests", "n/a (a Python module, no HTTP)"))
                continue
            }
            let minimum = RequestMinimum.of(name, counts: c)
            rows.append(("\(name) requests", "\(entries.count)"))
            rows.append(("\(name) requests minimum", "\(minimum)"))
            rows.append(("\(name) requests / minimum", Format.ratio(Double(entries.count) / Double(max(1, minimum)))))
        }
        return rows
    }

    func printOperations() {
        for (name, entries) in requests.sorted(by: { $0.key < $1.key }) {
            var byOperation: [String: Int] = [:]
            for entry in entries { byOperation[entry.operation, default: 0] += 1 }
            print("\(name):")
            for (operation, count) in byOperation.sorted(by: { $0.value > $1.value }) { print("  \(count)  \(operation)") }
        }
    }
}
