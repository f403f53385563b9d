import Foundation
import Logging
import RosterCore
import RosterRuntime
import Synchronization

/// One measured `plan` over a bench world's emulators: the same stages as `roster plan`
/// (load, connect, fetch, diff, plan, render), each timed on its own.
struct PlanRun {
    var total = 0.0, load = 0.0, connect = 0.0, fetch = 0.0, diff = 0.0, plan = 0.0, render = 0.0
    var fetchByBackend: [String: Double] = [:]
    var actionsByBackend: [String: Int] = [:]
    var peakGrowth = 0

    /// The time outside the network: load, diff, plan and render.
    var local: Double { load + diff + plan + render }

    static func measure(configPath: String) async throws -> PlanRun {
        var run = PlanRun()
        let (_, growth) = try await Memory.growth { try await run.execute(configPath) }
        run.peakGrowth = growth
        return run
    }

    private mutating func execute(_ configPath: String) async throws {
        let pipeline = Pipeline(registry: Roster.registry, environment: [:])
        var logger = Logger(label: "roster-bench")
        logger.logLevel = .error
        let start = ContinuousClock.now
        let loaded: Pipeline.Loaded
        do { loaded = try pipeline.load(path: configPath) } catch { throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n")) }
        load = Stopwatch.since(start)
        let connectStart = ContinuousClock.now
        let stages = try await Workspace.with(loaded, mode: .readOnly, registry: pipeline.registry, logger: logger) { workspace in
            let connected = Stopwatch.since(connectStart)
            let timed = workspace.sessions.mapValues { TimedSession($0) }
            let fetchStart = ContinuousClock.now
            let live = try await pipeline.fetch(loaded, sessions: timed)
            let fetched = Stopwatch.since(fetchStart)
            var stages = try Self.plan(loaded, live, pipeline)
            stages.connect = connected
            stages.fetch = fetched
            stages.fetchByBackend = timed.mapValues(\.fetchSeconds)
            return stages
        }
        total = Stopwatch.since(start)
        connect = stages.connect
        fetch = stages.fetch
        fetchByBackend = stages.fetchByBackend
        diff = stages.diff
        plan = stages.plan
        render = stages.render
        actionsByBackend = stages.actionsByBackend
    }

    /// Diff, plan and render, as `Pipeline.plan` and `roster plan` do them, timed apart.
    private static func plan(_ loaded: Pipeline.Loaded, _ live: [String: LiveState], _ pipeline: Pipeline) throws -> PlanRun {
        var stages = PlanRun()
        var start = ContinuousClock.now
        let changes: [Change]
        do { changes = try pipeline.changes(loaded, live: live) } catch {
            throw BenchError("the plan has errors, first: \(error.diagnostics.first?.description ?? "")")
        }
        stages.diff = Stopwatch.since(start)
        start = ContinuousClock.now
        let plan = Planner(registry: pipeline.registry).plan(changes, backends: loaded.backends,
                                                             configDigest: loaded.config.digest)
            .selecting(targets: loaded.targets, excludes: loaded.excludes)
        stages.plan = Stopwatch.since(start)
        start = ContinuousClock.now
        let text = TextRenderer(color: false).render(plan)
        let json = PlanDocument(plan).encoded()
        stages.render = Stopwatch.since(start)
        precondition(text.count + json.count > 0)
        for action in plan.actions { stages.actionsByBackend[action.change.id.backend, default: 0] += 1 }
        return stages
    }
}

/// A session that times its `fetch`; everything else goes straight through.
final class TimedSession: ProviderSession {
    let inner: any ProviderSession
    private let seconds = Mutex(0.0)

    init(_ inner: any ProviderSession) { self.inner = inner }

    var fetchSeconds: Double { seconds.withLock { $0 } }

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        let start = ContinuousClock.now
        let resources = try await inner.fetch(interest)
        let elapsed = Stopwatch.since(start)
        seconds.withLock { $0 = elapsed }
        return resources
    }

    func apply(_ change: Change) async throws -> ApplyResult { try await inner.apply(change) }
    func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID> {
        try await inner.passwordMismatches(resources)
    }
    func facts() async throws -> [String: Value] { try await inner.facts() }
    func startListings() { inner.startListings() }
    func close() async { await inner.close() }
}
