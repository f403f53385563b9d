/// `--target` and `--exclude`: `BACKEND`, `BACKEND/KIND` or `BACKEND/KIND/KEY` (a key of several
/// parts is written with `/` between them, as plans print it).
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    public var backend: String
    public var kind: String?
    public var key: String?

    public init(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        backend = parts[0]
        kind = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        key = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
    }

    /// Whether this selects the object; with its kind, the key compares as the server compares it
    /// (`--target uyuni/uyuni.user/ASmith` selects the live `asmith`).
    public func matches(_ id: ResourceID, kind resourceKind: ResourceKind? = nil) -> Bool {
        guard id.backend == backend, kind.map({ $0 == id.kind }) ?? true else { return false }
        guard let key else { return true }
        if key == id.keyString { return true }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return resourceKind.map { parts.count == id.key.count && $0.sameKey(parts, id.key) } ?? false
    }

    public var description: String { [backend, kind, key].compactMap { $0 }.joined(separator: "/") }
}

extension Plan {
    /// The actions `targets` select (all when empty) minus those `excludes` select, plus what
    /// they depend on, so that a targeted run never fails for a parent it left out. The ids of
    /// the changes left out are kept so the plan can say what it skipped.
    public func selecting(targets: [Selector], excludes: [Selector],
                          kind: (String) -> ResourceKind? = { _ in nil }) -> Plan {
        if targets.allSatisfy({ $0.kind == nil }) && excludes.isEmpty { return self }
        var keep = Set(actions.filter { action in
            let id = action.change.id, k = kind(id.kind)
            return (targets.isEmpty || targets.contains { $0.matches(id, kind: k) })
                && !excludes.contains { $0.matches(id, kind: k) }
        }.map(\.index))
        var queue = Array(keep)
        while let next = queue.popLast() {
            for dependency in actions[next].dependsOn where keep.insert(dependency).inserted { queue.append(dependency) }
        }
        // A backend's trailing step (CTERA's apply-changes) comes along with any change it follows:
        // without it the portal would never commit the targeted change.
        let touched = Set(keep.map { actions[$0].change.id.backend })
        for action in actions where kind(action.change.id.kind)?.isTrailing == true && touched.contains(action.change.id.backend) {
            keep.insert(action.index)
        }
        var plan = without(Set(actions.indices).subtracting(keep))
        plan.leftOut = actions.filter { !keep.contains($0.index) }.map(\.change.id)
        return plan
    }

    /// The plan minus some actions, re-indexed; links to removed actions are dropped.
    public func without(_ removed: Set<Int>) -> Plan {
        var newIndex: [Int: Int] = [:]
        for action in actions where !removed.contains(action.index) { newIndex[action.index] = newIndex.count }
        let kept = actions.compactMap { action -> Action? in
            guard let index = newIndex[action.index] else { return nil }
            return Action(index: index, change: action.change, dependsOn: action.dependsOn.compactMap { newIndex[$0] },
                          runsAfter: action.runsAfter.compactMap { newIndex[$0] })
        }
        var plan = self
        plan.actions = kept
        return plan
    }
}
