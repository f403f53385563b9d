/// What happened to one action.
public struct ActionReport: Sendable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded, failed, skipped
    }

    public var action: Action
    public var outcome: Outcome
    /// Why it failed or was skipped; never holds a secret.
    public var message: String?
    public var duration: Duration
    public var secrets: [String: Secret]

    public init(action: Action, outcome: Outcome, message: String? = nil, duration: Duration = .zero,
                secrets: [String: Secret] = [:]) {
        self.action = action
        self.outcome = outcome
        self.message = message
        self.duration = duration
        self.secrets = secrets
    }
}

/// Every action's outcome, in plan order.
public struct ExecutionReport: Sendable {
    public var actions: [ActionReport]
    /// Actions never started because the apply was asked to stop.
    public var notStarted: Int

    public init(actions: [ActionReport], notStarted: Int = 0) {
        self.actions = actions.sorted { $0.action.index < $1.action.index }
        self.notStarted = notStarted
    }

    public func count(_ outcome: ActionReport.Outcome) -> Int { actions.count { $0.outcome == outcome } }
    public var succeeded: Bool { notStarted == 0 && actions.allSatisfy { $0.outcome == .succeeded } }

    /// Secrets created by the apply (for `--secrets-out`), keyed by what they belong to.
    public var secrets: [String: Secret] {
        actions.reduce(into: [:]) { all, report in all.merge(report.secrets) { a, _ in a } }
    }

    public var summary: String {
        let left = notStarted > 0 ? ", \(notStarted) not started (interrupted)" : ""
        return "Apply: \(count(.succeeded)) succeeded, \(count(.failed)) failed, \(count(.skipped)) skipped\(left)."
    }
}
