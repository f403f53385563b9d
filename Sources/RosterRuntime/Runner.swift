import Foundation
import Logging
import RosterCore

/// The commands' work, as functions from inputs to typed results; the CLI only prints and exits.
public struct Runner: Sendable {
    public var pipeline: Pipeline
    public let logger: Logger
    /// Safety rails lifted by `--force`.
    public var forced: Set<Rail> = []
    /// Called with warnings as soon as they are known, each once and sorted by place: the load's
    /// by `load` (before anything is contacted), then those of the plan-time checks as soon as a
    /// plan is made (before the rails are checked or anything is asked). The CLI prints them on
    /// stderr; the plan carries them all.
    public var onWarnings: (@Sendable ([Diagnostic]) -> Void)?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
                secretsDirectories: [String] = []) {
        pipeline = Pipeline(registry: Roster.registry, environment: environment, secretsDirectories: secretsDirectories)
        self.logger = logger
    }

    /// The config loaded and resolved; its warnings go to `onWarnings` at once, before anything
    /// is contacted.
    public func load(path: String, targets: [String] = [], excludes: [String] = []) throws(DiagnosticError) -> Pipeline.Loaded {
        let loaded = try pipeline.load(path: path, targets: targets, excludes: excludes)
        if !loaded.warnings.isEmpty { onWarnings?(loaded.warnings) }
        return loaded
    }

    /// Reads every backend through read-only sessions and plans.
    public func plan(_ loaded: Pipeline.Loaded) async throws -> Plan {
        try await Workspace.with(loaded, mode: .readOnly, registry: pipeline.registry, logger: logger) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            return try checkedPlan(loaded, live: live)
        }
    }

    /// The plan, refused if it crosses a rail. (A function of its own: the release compiler
    /// crashes on these typed throws inlined into the async closures of `plan` and `apply`.)
    @inline(never)
    func checkedPlan(_ loaded: Pipeline.Loaded, live: [String: LiveState]) throws -> Plan {
        let plan = try pipeline.plan(loaded, live: live)
        let known = Set(loaded.warnings)
        let checks = plan.warnings.filter { !known.contains($0) }
        if !checks.isEmpty { onWarnings?(checks) }
        try pipeline.checkRails(plan, loaded, live: live, forced: forced)
        return plan
    }

    public enum ApplyOutcome: Sendable {
        /// Nothing to do.
        case noChanges(Plan)
        /// The operator said no.
        case declined(Plan)
        /// The saved plan no longer matches what the config and the live systems give now.
        case stale(saved: PlanDocument, current: Plan)
        case applied(Plan, ExecutionReport)
        /// A saved plan whose reviewed actions were applied where the live objects had not moved;
        /// the others were refused, with why.
        case partlyStale(Plan, ExecutionReport, refused: [SavedPlanReview.Refusal])

        /// The execution report, when anything was executed.
        public var report: ExecutionReport? {
            switch self {
            case .applied(_, let report), .partlyStale(_, let report, _): report
            default: nil
            }
        }
    }

    /// Plans and applies in one pass over the same sessions. A dry run uses read-only sessions and
    /// a sink that performs nothing. Without `secretsReceived` (no `--secrets-out`), a plan with an
    /// action that generates a secret is refused before anything is asked or changed.
    public func apply(_ loaded: Pipeline.Loaded, saved: PlanDocument?, dryRun: Bool, parallelism: Int,
                      secretsReceived: Bool = true,
                      confirm: @Sendable (Plan) -> Bool,
                      observer: (any ExecutionObserver)? = nil, stop: StopRequest? = nil) async throws -> ApplyOutcome {
        let mode: SessionMode = dryRun ? .readOnly : .readWrite
        return try await Workspace.with(loaded, mode: mode, registry: pipeline.registry, logger: logger,
                                        parallelism: parallelism) { workspace in
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            let plan = try checkedPlan(loaded, live: live)
            var toApply = plan
            var refused: [SavedPlanReview.Refusal] = []
            if let saved {
                // Made from another config version: refused whole. Otherwise action by action.
                guard saved.configDigest == plan.configDigest else { return .stale(saved: saved, current: plan) }
                let review = SavedPlanReview(saved: saved, current: plan)
                toApply = review.approved
                refused = review.refused
            }
            if toApply.isEmpty && refused.isEmpty { return .noChanges(plan) }
            if !dryRun && !secretsReceived { try Self.refuseUnreceivedSecrets(toApply) }
            if !toApply.isEmpty && !confirm(toApply) { return .declined(toApply) }
            let kinds = pipeline.registry.providers.values.flatMap(\.kinds)
            let sink: any ActionSink = dryRun ? DryRunSink() : SessionSink(sessions: workspace.sessions, kinds: kinds,
                                                                                          logger: logger)
            let limits = Dictionary(uniqueKeysWithValues: loaded.backends.compactMap { b in b.parallelism.map { (b.name, $0) } })
            var executor = Executor(parallelism: parallelism, limits: limits)
            executor.stop = stop
            let report = await executor.run(toApply, sink: sink, observer: observer)
            return refused.isEmpty ? .applied(toApply, report) : .partlyStale(toApply, report, refused: refused)
        }
    }
}

extension Runner {
    /// The actions that would create a secret nobody receives, named in one error.
    static func refuseUnreceivedSecrets(_ plan: Plan) throws {
        let generating = plan.actions.filter(\.change.generatesSecret)
        guard !generating.isEmpty else { return }
        let names = generating.map { "\($0.change.operation.rawValue) \($0.change.id)" }.joined(separator: ", ")
        throw CLIError(operation: "apply",
                       message: "\(generating.count) action(s) would generate a secret that nobody receives (\(names)); "
                           + "nothing was changed: pass --secrets-out FILE to receive them")
    }
}
