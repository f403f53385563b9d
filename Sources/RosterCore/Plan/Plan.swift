/// The ordered actions that take every backend from its live state to the desired one.
public struct Plan: Sendable {
    public struct Backend: Sendable, Hashable, Codable {
        public var name: String
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    public var configDigest: String
    public var backends: [Backend]
    /// In an order that respects every dependency: parents created first, children deleted first.
    public var actions: [Action]
    /// Changes `--target`/`--exclude` left out of this plan.
    public var leftOut: [ResourceID] = []
    /// Whether `--target`/`--exclude` chose this plan's actions (then the summary always says what
    /// they left out, even nothing), and the backends a `--target` left unread.
    public var selected = false
    public var backendsNotRead: [String] = []
    /// What the operator should know that stops nothing (a state a backend cannot express), from
    /// the load, the resolve and the plan-time checks, sorted by place. Every form of the plan
    /// shows them.
    public var warnings: [Diagnostic] = []
    /// `plan --base REF`: the revision compared with, the backends not contacted because the change
    /// adds, removes or reconnects them, and the people not read because the change leaves them be.
    public var base: String?
    public var pendingConnections: [PendingConnection] = []
    public var unchangedPeople: Int?

    public init(configDigest: String, backends: [Backend], actions: [Action]) {
        self.configDigest = configDigest
        self.backends = backends
        self.actions = actions
    }

    public var isEmpty: Bool { actions.isEmpty }

    /// Actions of this operation, trailing commit steps apart.
    public func count(_ operation: Change.Operation, backend: String? = nil) -> Int {
        actions.count { $0.change.operation == operation && !$0.change.isTrailing
            && (backend == nil || $0.change.id.backend == backend) }
    }

    /// Trailing steps that commit a backend's changes (CTERA's apply-changes).
    public var commitSteps: Int { actions.count(where: \.change.isTrailing) }

    /// What `--target`/`--exclude` left out: the count of changes, by backend, and the backends
    /// not read at all (their changes are not known); empty when neither was given.
    public var selectionSummary: String {
        guard selected || !leftOut.isEmpty else { return "" }
        var text = " \(leftOut.count) change(s) left out by --target/--exclude"
        if !leftOut.isEmpty {
            let counts = Dictionary(grouping: leftOut, by: \.backend).mapValues(\.count)
            text += " (" + counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", ") + ")"
        }
        if !backendsNotRead.isEmpty {
            text += "; backend(s) not read: " + backendsNotRead.joined(separator: ", ")
        }
        return text + "."
    }

    public var summary: String {
        var skipped = selectionSummary
        if let unchangedPeople {
            skipped += " \(unchangedPeople) \(unchangedPeople == 1 ? "person" : "people") unchanged since \(base ?? "the base") and not read."
        }
        if !pendingConnections.isEmpty {
            skipped += " \(pendingConnections.count) backend(s) not contacted: their connection changes take effect after merge."
        }
        if isEmpty { return "No changes. The live systems match the config." + skipped }
        let steps = commitSteps == 0 ? "" : ", \(commitSteps) commit step\(commitSteps == 1 ? "" : "s")"
        return "Plan: \(count(.create)) to create, \(count(.update)) to update, \(count(.delete)) to delete\(steps)." + skipped
    }
}

/// One change with the actions it waits for.
public struct Action: Sendable, Hashable {
    /// Position in the plan; dependencies refer to it.
    public var index: Int
    public var change: Change
    /// Actions that must succeed first; if one fails, this one is not attempted.
    public var dependsOn: [Int]
    /// Actions that must finish first, whatever their outcome (for trailing steps).
    public var runsAfter: [Int]

    public init(index: Int, change: Change, dependsOn: [Int], runsAfter: [Int] = []) {
        self.index = index
        self.change = change
        self.dependsOn = dependsOn
        self.runsAfter = runsAfter
    }
}
