import Foundation
import Logging
import RosterCore
import RosterRuntime
import RosterSandbox

/// `roster-bench plan --people N --changed K --latency MS`: the pull-request plan
/// (`roster plan --base`) of a change to K people beside the full plan of the same config, each
/// against emulators that answer every request MS later: wall time and requests of both.
struct PullRequestMeasurement {
    var world: BenchWorld
    var changed: Int
    var latency: Int
    /// Per run: (seconds, requests, actions) of the full plan (when measured) and the pull-request plan.
    var full: [(Double, Int, Int)] = []
    var pull: [(Double, Int, Int)] = []

    static func run(_ world: BenchWorld, changed: Int, latency: Int, runs: Int, measureFull: Bool) async throws -> PullRequestMeasurement {
        var measurement = PullRequestMeasurement(world: world, changed: changed, latency: latency)
        let emulators = try await BenchEmulators.start(world)
        do {
            try git(["init", "-q", "-b", "main"], in: emulators.folder)
            try git(["add", "roster.yaml"], in: emulators.folder)
            try git(["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "base"], in: emulators.folder)
            try change(emulators.configPath, people: world.people, count: changed)
            for server in emulators.servers.values { server.faults = FaultPlan(latency: .milliseconds(latency)) }
            for _ in 0..<max(1, runs) {
                if measureFull {
                    emulators.resetLogs()
                    let (seconds, actions) = try await timed { try await plan(emulators.configPath, base: nil) }
                    measurement.full.append((seconds, requests(emulators), actions))
                }
                emulators.resetLogs()
                let (seconds, actions) = try await timed { try await plan(emulators.configPath, base: "HEAD") }
                measurement.pull.append((seconds, requests(emulators), actions))
            }
            await emulators.stop()
        } catch {
            await emulators.stop()
            throw error
        }
        return measurement
    }

    static func requests(_ emulators: BenchEmulators) -> Int {
        emulators.requests().values.reduce(0) { $0 + $1.count }
    }

    static func timed(_ body: () async throws -> Int) async throws -> (Double, Int) {
        let start = ContinuousClock.now
        let actions = try await body()
        return (Stopwatch.since(start), actions)
    }

    /// One plan as `roster plan` (with `--base` when `base` is given) makes it; its action count.
    static func plan(_ path: String, base: String?) async throws -> Int {
        let pipeline = Pipeline(registry: Roster.registry, environment: [:])
        var logger = Logger(label: "roster-bench")
        logger.logLevel = .error
        if let base {
            do {
                return try await Runner(environment: [:], logger: logger).planAgainstBase(path: path, base: base, full: false)
                    .actions.count
            } catch let error as DiagnosticError {
                throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n"))
            }
        }
        let loaded: Pipeline.Loaded
        do { loaded = try pipeline.load(path: path) } catch {
            throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try await Workspace.with(loaded, mode: .readOnly, registry: pipeline.registry, logger: logger) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            return try pipeline.plan(loaded, live: live).actions.count
        }
    }

    /// Gives `count` people, spread over the config and its backends, another last name.
    static func change(_ path: String, people: Int, count: Int) throws {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let step = max(1, people / max(1, count))
        for k in 0..<count {
            let person = min(people - 1, k * step + k)
            let id = BenchWorld.id(person)
            let old = "  \(id):\n    first_name: Person\n    last_name: Number\(person)\n"
            guard let range = text.range(of: old) else { throw BenchError("person \(id) not found in the config") }
            text.replaceSubrange(range, with: "  \(id):\n    first_name: Person\n    last_name: Changed\(person)\n")
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func git(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("git \(arguments.joined(separator: " ")) failed") }
    }

    func rows() -> [(String, String)] {
        func median(_ runs: [(Double, Int, Int)], _ figure: ((Double, Int, Int)) -> Double) -> Double {
            Stopwatch.median(runs.map(figure))
        }
        var rows: [(String, String)] = [
            ("people", "\(world.people)"),
            ("backends", world.backends.joined(separator: ",")),
            ("changed people", "\(changed)"),
            ("latency ms", "\(latency)"),
            ("runs", "\(pull.count)"),
            ("pull-request plan s", Format.seconds(median(pull) { $0.0 })),
            ("pull-request plan requests", "\(Int(median(pull) { Double($0.1) }))"),
            ("pull-request plan actions", "\(pull.last?.2 ?? 0)"),
        ]
        guard !full.isEmpty else { return rows }
        let speedUp = median(full) { $0.0 } / max(1e-9, median(pull) { $0.0 })
        rows += [
            ("full plan s", Format.seconds(median(full) { $0.0 })),
            ("full plan requests", "\(Int(median(full) { Double($0.1) }))"),
            ("full plan actions", "\(full.last?.2 ?? 0)"),
            ("speed-up (full s / pull-request s)", String(format: "%.1f", speedUp)),
        ]
        return rows
    }
}
