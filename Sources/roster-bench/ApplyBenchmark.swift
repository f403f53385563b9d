import ArgumentParser
import Foundation
import Logging
import RosterCore
import RosterRuntime
import RosterSandbox

/// `roster-bench apply --actions N --latency MS --parallelism P [--backend uyuni|cloud]`: N
/// independent creations on an emulator that answers every request MS later; actions per second
/// against the bound P × 1000 / MS. Each action is one request: Uyuni's `user.create`, or the cloud
/// API's `POST` of a user. (CTERA and Squirro creations take more than one request each, so the
/// bound would not be P × 1000 / MS.)
struct ApplyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Time applying N independent actions against an emulator with added latency."
    )

    @Option(help: "Actions to apply (one new user each).")
    var actions = 2000

    @Option(help: "Milliseconds the emulator waits before answering each request.")
    var latency = 20

    @Option(help: "Actions run at once.")
    var parallelism = 16

    @Option(help: "The emulator: uyuni or cloud (one request per creation on either).")
    var backend = "uyuni"

    @Option(help: "Measured runs (each on a fresh emulator); the median is reported.")
    var runs = 5

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard ["uyuni", "cloud"].contains(backend) else {
            throw ValidationError("--backend is uyuni or cloud, not '\(backend)'")
        }
    }

    func run() async throws {
        var rates: [Double] = [], seconds: [Double] = [], requests: [Int] = [], failures: [Int] = []
        for _ in 0..<max(1, runs) {
            let run = try await once()
            seconds.append(run.seconds)
            rates.append(Double(actions) / run.seconds)
            requests.append(run.requests)
            failures.append(run.failed)
        }
        let bound = Double(parallelism) * 1000 / Double(max(1, latency))
        let rate = Stopwatch.median(rates)
        Table.print([
            ("backend", backend),
            ("actions", "\(actions)"),
            ("latency ms", "\(latency)"),
            ("parallelism", "\(parallelism)"),
            ("runs", "\(rates.count)"),
            ("apply s (median)", Format.seconds(Stopwatch.median(seconds))),
            ("actions/s (median)", String(format: "%.0f", rate)),
            ("bound actions/s (P*1000/MS)", String(format: "%.0f", bound)),
            ("fraction of bound", Format.ratio(rate / bound)),
            ("mutating requests (last run)", "\(requests.last ?? 0)"),
            ("failed actions (last run)", "\(failures.last ?? 0)"),
        ], json: json)
    }

    /// One run: plan without latency, then the latency on, then the executor alone is timed.
    private func once() async throws -> (seconds: Double, requests: Int, failed: Int) {
        let service: any EmulatorService, log: RequestLog
        if backend == "cloud" {
            let emulator = try CloudEmulator(seed: .default)
            (service, log) = (emulator, emulator.log)
        } else {
            let emulator = try UyuniEmulator(seed: .default)
            (service, log) = (emulator, emulator.log)
        }
        let server = try await EmulatorServer.start(service: service)
        let folder = NSTemporaryDirectory() + "roster-bench-apply-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/roster.yaml"
        try config(url: server.baseURL).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let result = try await execute(path, server: server, log: log)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    private func execute(_ path: String, server: EmulatorServer, log: RequestLog) async throws
        -> (seconds: Double, requests: Int, failed: Int)
    {
        let pipeline = Pipeline(registry: Roster.registry, environment: [:])
        var logger = Logger(label: "roster-bench")
        logger.logLevel = .error
        let loaded = try pipeline.load(path: path)
        let parallelism = parallelism
        return try await Workspace.with(loaded, mode: .readWrite, registry: pipeline.registry, logger: logger,
                                        parallelism: parallelism) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            let plan = try pipeline.plan(loaded, live: live)
            guard plan.actions.count == actions else {
                throw BenchError("expected \(actions) actions, the plan has \(plan.actions.count)")
            }
            server.faults = FaultPlan(latency: .milliseconds(latency))
            log.reset()
            let start = ContinuousClock.now
            let report = await Executor(parallelism: parallelism).run(plan, sink: SessionSink(sessions: workspace.sessions))
            let seconds = Stopwatch.since(start)
            server.faults = .none
            let failed = report.actions.filter { $0.outcome == .failed }.count
            return (seconds, log.mutations.count, failed)
        }
    }

    private func config(url: String) -> String {
        var text = """
            version: 1
            backends:
              \(backend == "cloud"
                  ? "cloud: {type: cloud, url: \"\(url)\", email: admin@example.com, password: sandbox-admin}"
                  : "uyuni: {type: uyuni, url: \"\(url)\", username: admin, password: sandbox-admin}")
            people:

            """
        for i in 0..<actions {
            text += "  u\(String(format: "%06d", i)): {first_name: New, last_name: User\(i), "
                + "email: u\(i)@example.com, password: \(BenchWorld.password), accounts: {\(backend): {}}}\n"
        }
        return text
    }
}
