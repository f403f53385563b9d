/// Orders changes into actions from the kinds' dependencies. Pure and deterministic.
///
/// Creations and updates go parent-first: a child waits for its parent's creation or rename.
/// Deletions go child-first: a parent's deletion waits for its children's, and a child removed
/// under a renamed parent's new key waits for the rename. Backends are independent.
public struct Planner: Sendable {
    public let registry: ProviderRegistry

    public init(registry: ProviderRegistry) { self.registry = registry }

    public func plan(_ changes: [Change], backends: [BackendConfig], configDigest: String) -> Plan {
        let types = Dictionary(uniqueKeysWithValues: backends.map { ($0.name, $0.type) })
        let ordered = changes.map { (order(of: $0, types), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        var index: [Key: Int] = [:]
        index.reserveCapacity(ordered.count)
        for (i, change) in ordered.enumerated() {
            index[Key(id: change.id, deleting: change.operation == .delete)] = i
        }
        // Deletions of children, by the parent they belong to.
        var childDeletions: [ResourceID: [Int]] = [:]
        for (j, change) in ordered.enumerated() where change.operation == .delete {
            for parent in kind(of: change, types)?.parents ?? [] {
                let id = ResourceID(backend: change.id.backend, kind: parent.kind, key: parent.parentKey(of: change.id.key))
                childDeletions[id, default: []].append(j)
            }
        }
        // Removals of siblings, for kinds whose removals go first.
        var siblingRemovals: [ResourceID: [Int]] = [:]
        for (j, change) in ordered.enumerated() where change.operation == .delete
            && kind(of: change, types)?.removalsFirst == true {
            siblingRemovals[Self.siblings(of: change.id), default: []].append(j)
        }
        var actions: [Action] = []
        actions.reserveCapacity(ordered.count)
        for (i, var change) in ordered.enumerated() {
            change.isTrailing = kind(of: change, types)?.isTrailing == true
            for attribute in kind(of: change, types)?.attributes ?? [] {
                if let display = attribute.display { change.display[attribute.name] = display }
            }
            var dependsOn: [Int] = []
            if let kind = kind(of: change, types) {
                if change.operation == .delete {
                    dependsOn = childDeletions[change.id] ?? []
                    // A child removed under its parent's new key waits for the rename, as one created there does.
                    for parent in kind.parents {
                        let id = ResourceID(backend: change.id.backend, kind: parent.kind,
                                            key: parent.parentKey(of: change.id.key))
                        if let j = index[Key(id: id, deleting: false)], isRename(ordered[j], types) { dependsOn.append(j) }
                    }
                } else {
                    for parent in kind.parents {
                        let id = ResourceID(backend: change.id.backend, kind: parent.kind,
                                            key: parent.parentKey(of: change.id.key))
                        // A child waits for its parent's creation, and for its parent's rename.
                        if let j = index[Key(id: id, deleting: false)],
                           ordered[j].operation == .create || isRename(ordered[j], types) {
                            dependsOn.append(j)
                        }
                    }
                    if kind.removalsFirst, change.operation == .create {
                        dependsOn += siblingRemovals[Self.siblings(of: change.id)] ?? []
                    }
                }
            }
            var runsAfter: [Int] = []
            if change.isTrailing {
                runsAfter = ordered.indices.filter { j in
                    j != i && ordered[j].id.backend == change.id.backend && kind(of: ordered[j], types)?.isTrailing != true
                }
            }
            actions.append(Action(index: i, change: change, dependsOn: dependsOn.sorted(), runsAfter: runsAfter))
        }
        let planned = backends.map { Plan.Backend(name: $0.name, type: $0.type) }
        return Plan(configDigest: configDigest, backends: planned, actions: actions)
    }

    /// An update that changes a key field (from `previous_names:`).
    private func isRename(_ change: Change, _ types: [String: String]) -> Bool {
        guard change.operation == .update, let kind = kind(of: change, types) else { return false }
        return kind.keyFields.contains { change.after?[$0] != nil }
    }

    private static func siblings(of id: ResourceID) -> ResourceID {
        ResourceID(backend: id.backend, kind: id.kind, key: Array(id.key.dropLast()))
    }

    private struct Key: Hashable {
        var id: ResourceID
        var deleting: Bool
    }

    private func kind(of change: Change, _ types: [String: String]) -> ResourceKind? {
        types[change.id.backend].flatMap { registry[$0] }?.kind(named: change.id.kind)
    }

    /// Depth of a kind in its provider's dependency graph: 0 for top-level kinds.
    private func depth(_ kindName: String, _ provider: any Provider) -> Int {
        guard let kind = provider.kind(named: kindName), !kind.parents.isEmpty else { return 0 }
        return 1 + (kind.parents.map { depth($0.kind, provider) }.max() ?? 0)
    }

    private func order(of change: Change, _ types: [String: String]) -> OrderKey {
        let provider = types[change.id.backend].flatMap { registry[$0] }
        let d = provider.map { depth(change.id.kind, $0) } ?? 0
        // Deletions after creations and updates, deepest kinds first; trailing steps last.
        let trailing = provider?.kind(named: change.id.kind)?.isTrailing == true
        let phase = trailing ? 2 : change.operation == .delete ? 1 : 0
        return OrderKey(backend: change.id.backend, phase: phase, depth: phase == 1 ? -d : d, id: change.id)
    }

    private struct OrderKey: Comparable {
        var backend: String, phase: Int, depth: Int, id: ResourceID
        static func < (a: OrderKey, b: OrderKey) -> Bool {
            (a.backend, a.phase, a.depth) != (b.backend, b.phase, b.depth)
                ? (a.backend, a.phase, a.depth) < (b.backend, b.phase, b.depth) : a.id < b.id
        }
    }
}
