import Foundation
import Logging

/// Where actions go: a live backend, or nowhere (a dry run). The executor is the same either way.
public protocol ActionSink: Sendable {
    func perform(_ action: Action) async throws -> ApplyResult
}

/// Sends each action to its backend's session. When a request's outcome is unknown (sent, but no
/// answer, or a 5xx to a change), the object is read back before anything is sent again
/// (`UnknownOutcome`), at most `settleAttempts` times per action and `settleBudget`'s times per run.
public struct SessionSink: ActionSink {
    public let sessions: [String: any ProviderSession]
    /// Every kind by name, to read a child object back through its parents.
    public let kinds: [String: ResourceKind]
    public var settleAttempts = 6
    /// Read-backs the whole run may make.
    public var settleBudget = RetryBudget(limit: 1000)
    /// Where a create counted as done after a read-back is reported (its new secrets are unknown).
    public var logger: Logger?

    public init(sessions: [String: any ProviderSession], kinds: [ResourceKind] = [], logger: Logger? = nil) {
        self.sessions = sessions
        self.kinds = Dictionary(kinds.map { ($0.name, $0) }) { first, _ in first }
        self.logger = logger
    }

    public func perform(_ action: Action) async throws -> ApplyResult {
        guard let session = sessions[action.change.id.backend] else {
            throw RosterError(backend: action.change.id.backend, operation: "apply",
                              message: "no session for backend")
        }
        let start = ContinuousClock.now
        do {
            let result = try await UnknownOutcome.apply(action.change, session: session, kinds: kinds,
                                                        attempts: settleAttempts, runBudget: settleBudget, logger: logger)
            log(action.change, status: "succeeded", since: start)
            return result
        } catch {
            log(action.change, status: "failed", since: start)
            throw error
        }
    }

    /// One action at debug level: backend, operation, object, status and duration, whatever the
    /// backend's protocol (an XML-RPC call, a provider program's call) names in its own requests.
    private func log(_ change: Change, status: String, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger?.debug("action", metadata: [
            "backend": .string(change.id.backend), "operation": .string(change.operation.rawValue),
            "object": .string("\(change.id.kind) \(change.id.keyString)"), "status": .string(status),
            "duration_ms": .stringConvertible(milliseconds),
        ])
    }
}

/// Performs nothing: a dry run walks the same path with this sink.
public struct DryRunSink: ActionSink {
    public init() {}
    public func perform(_ action: Action) async throws -> ApplyResult { ApplyResult() }
}

/// Reports progress as actions finish.
public protocol ExecutionObserver: Sendable {
    func finished(_ report: ActionReport, done: Int, of total: Int)
}

/// Runs a plan's actions in dependency order, independent ones concurrently up to a limit per
/// backend. A failed action fails its dependents only; everything else goes on.
public struct Executor: Sendable {
    public var parallelism: Int
    public var limits: [String: Int]
    /// Retries one action's requests may spend in all (each backend's `retry:` bounds each request).
    public var retriesPerAction = 20
    /// When requested (the first SIGINT or SIGTERM), no action starts; the running ones finish, and
    /// the others are left out of the report (`ExecutionReport.notStarted` counts them).
    public var stop: StopRequest?

    public init(parallelism: Int = 8, limits: [String: Int] = [:]) {
        self.parallelism = max(1, parallelism)
        self.limits = limits
    }

    public func run(_ plan: Plan, sink: any ActionSink, observer: (any ExecutionObserver)? = nil) async -> ExecutionReport {
        let actions = plan.actions
        var waiting = actions.map { $0.dependsOn.count + $0.runsAfter.count }
        var dependents = [[Int]](repeating: [], count: actions.count)
        var followers = [[Int]](repeating: [], count: actions.count)
        for action in actions {
            for d in action.dependsOn { dependents[d].append(action.index) }
            for d in action.runsAfter { followers[d].append(action.index) }
        }
        var reports = [ActionReport?](repeating: nil, count: actions.count)
        var ready = ReadyQueues()
        for action in actions where action.dependsOn.isEmpty && action.runsAfter.isEmpty {
            ready.push(action.index, backend: action.change.id.backend)
        }

        /// An action finished (in any way): the ones that only run after it may be ready.
        func release(_ index: Int) {
            for next in followers[index] {
                waiting[next] -= 1
                if waiting[next] == 0 && reports[next] == nil { ready.push(next, backend: actions[next].change.id.backend) }
            }
        }
        var running: [String: Int] = [:]
        var done = 0

        func skip(_ index: Int, because cause: Int) {
            guard reports[index] == nil else { return }
            reports[index] = ActionReport(action: actions[index], outcome: .skipped,
                                          message: "not attempted: '\(actions[cause].change.id)' failed")
            done += 1
            observer?.finished(reports[index]!, done: done, of: actions.count)
            release(index)
            dependents[index].forEach { skip($0, because: cause) }
        }

        let stop = self.stop
        if let stop, !stop.beginExecuting() { return ExecutionReport(actions: [], notStarted: actions.count) }
        var inFlight = 0
        await withTaskGroup(of: ActionReport.self) { group in
            while done < actions.count {
                if stop?.isRequested == true && inFlight == 0 { break }
                // A backend at its limit is passed over in one step, whatever it has waiting.
                for backend in ready.backends where stop?.isRequested != true {
                    let limit = limits[backend, default: parallelism]
                    while running[backend, default: 0] < limit, let index = ready.pop(backend) {
                        running[backend, default: 0] += 1
                        inFlight += 1
                        let action = actions[index]
                        let retries = retriesPerAction
                        group.addTask(executorPreference: IOExecutor.preferred) { await Self.perform(action, sink, retries: retries) }
                    }
                }
                guard let report = await group.next() else { break }
                running[report.action.change.id.backend, default: 1] -= 1
                inFlight -= 1
                reports[report.action.index] = report
                done += 1
                observer?.finished(report, done: done, of: actions.count)
                release(report.action.index)
                for next in dependents[report.action.index] {
                    if report.outcome == .failed {
                        skip(next, because: report.action.index)
                    } else {
                        waiting[next] -= 1
                        if waiting[next] == 0 && reports[next] == nil {
                            ready.push(next, backend: actions[next].change.id.backend)
                        }
                    }
                }
            }
        }
        let finished = reports.compactMap { $0 }
        return ExecutionReport(actions: finished, notStarted: actions.count - finished.count)
    }

    private static func perform(_ action: Action, _ sink: any ActionSink, retries: Int) async -> ActionReport {
        let start = ContinuousClock.now
        do {
            // The retries all of this action's requests may spend together.
            let result = try await RetryScope.$action.withValue(RetryBudget(limit: retries)) {
                try await sink.perform(action)
            }
            Redactor.shared.register(result.secrets.values)
            return ActionReport(action: action, outcome: .succeeded, duration: start.duration(to: .now),
                                secrets: result.secrets)
        } catch {
            // Vendor text may echo what was sent: scrubbed before it reaches any output.
            return ActionReport(action: action, outcome: .failed, message: Redactor.shared.scrub(String(describing: error)),
                                duration: start.duration(to: .now))
        }
    }
}

/// Actions ready to start, by backend, each backend's in the order they became ready.
struct ReadyQueues {
    private var queues: [String: [Int]] = [:]
    private var heads: [String: Int] = [:]
    /// Backends in the order they first had an action ready.
    private(set) var backends: [String] = []

    mutating func push(_ index: Int, backend: String) {
        if queues[backend] == nil {
            backends.append(backend)
            queues[backend] = []
            heads[backend] = 0
        }
        queues[backend]!.append(index)
    }

    mutating func pop(_ backend: String) -> Int? {
        guard let head = heads[backend], let count = queues[backend]?.count, head < count else { return nil }
        let index = queues[backend]![head]
        if head + 1 == count {
            queues[backend]!.removeAll(keepingCapacity: true)
            heads[backend] = 0
        } else {
            heads[backend] = head + 1
        }
        return index
    }
}
