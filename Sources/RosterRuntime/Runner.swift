import Foundation
import Logging
import RosterCore

/// The commands' work, as functions from inputs to typed results; the CLI only prints and exits.
public struct Runner: Sendable {
    public let pipeline: Pipeline
    public let logger: Logger
    /// Safety rails lifted by `--force`.
    public var forced: Set<Rail> = []

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        pipeline = Pipeline(registry: Roster.registry, environment: environment)
        self.logger = logger
    }

    public func load(path: String, targets: [String] = []) throws(DiagnosticError) -> Pipeline.Loaded {
        try pipeline.load(path: path, targets: targets)
    }

    /// Reads every backend through read-only sessions and plans.
    public func plan(_ loaded: Pipeline.Loaded) async throws -> Plan {
        try await Workspace.with(loaded, mode: .readOnly, registry: pipeline.registry, logger: logger) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            let plan = try pipeline.plan(loaded, live: live)
            try pipeline.checkRails(plan, loaded, live: live, forced: forced)
            return plan
        }
    }

    public enum ApplyOutcome: Sendable {
        /// Nothing to do.
        case noChanges(Plan)
        /// The operator said no.
        case declined(Plan)
        /// The saved plan no longer matches what the config and the live systems give now.
        case stale(saved: PlanDocument, current: Plan)
        case applied(Plan, ExecutionReport)
    }

    /// Plans and applies in one pass over the same sessions. A dry run uses read-only sessions and
    /// a sink that performs nothing.
    public func apply(_ loaded: Pipeline.Loaded, saved: PlanDocument?, dryRun: Bool, parallelism: Int,
                      confirm: @Sendable (Plan) -> Bool,
                      observer: (any ExecutionObserver)? = nil) async throws -> ApplyOutcome {
        let mode: SessionMode = dryRun ? .readOnly : .readWrite
        return try await Workspace.with(loaded, mode: mode, registry: pipeline.registry, logger: logger,
                                        parallelism: parallelism) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            let plan = try pipeline.plan(loaded, live: live)
            if let saved, !Self.matches(saved, plan) { return .stale(saved: saved, current: plan) }
            try pipeline.checkRails(plan, loaded, live: live, forced: forced)
            if plan.isEmpty { return .noChanges(plan) }
            if !confirm(plan) { return .declined(plan) }
            let sink: any ActionSink = dryRun ? DryRunSink() : SessionSink(sessions: workspace.sessions)
            let limits = Dictionary(uniqueKeysWithValues: loaded.backends.compactMap { b in b.parallelism.map { (b.name, $0) } })
            let report = await Executor(parallelism: parallelism, limits: limits).run(plan, sink: sink, observer: observer)
            return .applied(plan, report)
        }
    }

    /// A saved plan still holds when it was made from this config and plans the same actions.
    /// Compared in their JSON form, where a secret on either side is `(sensitive)`.
    static func matches(_ saved: PlanDocument, _ plan: Plan) -> Bool {
        var current = PlanDocument(plan)
        guard saved.configDigest == current.configDigest else { return false }
        current.configDigest = saved.configDigest
        // Where a declaration sits depends on how the config path was spelled; it is not compared.
        var savedCopy = saved
        savedCopy.summary = current.summary
        for i in savedCopy.actions.indices { savedCopy.actions[i].source = nil }
        for i in current.actions.indices { current.actions[i].source = nil }
        return savedCopy.encoded() == current.encoded()
    }
}
