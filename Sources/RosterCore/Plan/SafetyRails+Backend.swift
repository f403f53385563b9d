/// The rails of one backend: its planned changes against its live objects.
struct BackendCheck {
    let provider: any Provider
    let backend: BackendConfig
    let changes: [Change]
    let live: [Resource]

    private func isTopLevel(_ kind: String) -> Bool {
        guard let kind = provider.kind(named: kind) else { return false }
        return kind.isTopLevel && !kind.isTrailing
    }

    /// `max-deletes` and `max-delete-fraction`, counting top-level objects only (a user, not its
    /// memberships).
    func deletes() -> [RailViolation] {
        let deleted = changes.filter { $0.operation == .delete && isTopLevel($0.id.kind) }.map(\.id).sorted()
        let total = live.count { isTopLevel($0.id.kind) }
        let limits = backend.safety
        var violations: [RailViolation] = []
        if deleted.count > limits.maxDeletes {
            violations.append(RailViolation(
                rail: .maxDeletes, backend: backend.name,
                message: "the plan deletes \(deleted.count) objects, more than the limit of \(limits.maxDeletes) "
                    + "(safety.max_deletes): \(Self.list(deleted))", objects: deleted))
        }
        if total > limits.fractionFloor, Double(deleted.count) > limits.maxDeleteFraction * Double(total) {
            let percent = Int((limits.maxDeleteFraction * 100).rounded())
            violations.append(RailViolation(
                rail: .maxDeleteFraction, backend: backend.name,
                message: "the plan deletes \(deleted.count) of \(total) objects, more than \(percent)% "
                    + "(safety.max_delete_fraction): \(Self.list(deleted))", objects: deleted))
        }
        return violations
    }

    /// `last-admin` and `self`: compares the administrators before and after the plan.
    func administrators() -> [RailViolation] {
        let after = provider.administrators(in: afterState())
        // Those before are weighed only when they can matter: no administrator left, or roster's
        // own login not among them.
        let own = provider.ownLogin(backend).map(liveSpelling(of:))
        let before = after.isEmpty || own.map({ !after.contains($0) }) == true ? provider.administrators(in: live) : after
        var violations: [RailViolation] = []
        if !before.isEmpty && after.isEmpty {
            let admins = before.sorted()
            violations.append(RailViolation(
                rail: .lastAdmin, backend: backend.name,
                message: "the plan removes, demotes or disables every administrator: \(Self.list(admins))",
                objects: admins))
        }
        if let own, let why = lockout(own, before: before, after: after) {
            violations.append(RailViolation(
                rail: .ownLogin, backend: backend.name,
                message: "the plan \(why) roster's own login \(own.keyString)", objects: [own]))
        }
        return violations
    }

    /// The live object roster's own login names, as the server compares logins (`Admin` is `admin`).
    private func liveSpelling(of id: ResourceID) -> ResourceID {
        guard let kind = provider.kind(named: id.kind), !kind.identityIsExact,
              !live.contains(where: { $0.id == id }) else { return id }
        return live.first { $0.id.kind == id.kind && kind.sameKey($0.id.key, id.key) }?.id ?? id
    }

    private func lockout(_ own: ResourceID, before: Set<ResourceID>, after: Set<ResourceID>) -> String? {
        let mine = changes.filter { $0.id == own }
        if mine.contains(where: { $0.operation == .delete }) { return "deletes" }
        if changes.contains(where: { renamedFrom($0) == own }) { return "renames" }
        if before.contains(own) && !after.contains(own) { return "demotes or disables" }
        if mine.contains(where: { $0.operation == .update && $0.after?["password"] != nil }) {
            return "changes the password of"
        }
        return nil
    }

    /// The live objects as the plan leaves them: deletes gone (with children whose parent went),
    /// updates merged, creates added (in no particular order). Only the objects the changes name
    /// are looked up; the others are carried over as they are.
    func afterState() -> [Resource] {
        guard !changes.isEmpty else { return live }
        var affected = Set(changes.map(\.id))
        for change in changes { if let old = renamedFrom(change) { affected.insert(old) } }
        var objects: [ResourceID: Resource] = [:]
        var kept: [Resource] = []
        kept.reserveCapacity(live.count)
        for resource in live {
            if affected.contains(resource.id) {
                if objects[resource.id] == nil { objects[resource.id] = resource }
            } else {
                kept.append(resource)
            }
        }
        let before = Set(objects.keys)
        for change in changes {
            switch change.operation {
            case .delete: objects[change.id] = nil
            case .create: objects[change.id] = Resource(change.id, change.after ?? [:])
            case .update:
                let old = renamedFrom(change)
                var resource = objects[change.id] ?? old.flatMap { objects[$0] } ?? Resource(change.id)
                resource.id = change.id
                if let old { objects[old] = nil }
                for entry in change.after ?? [:] { resource.attributes[entry.name] = entry.value }
                objects[change.id] = resource
            }
        }
        let after = kept + objects.values
        let gone = before.subtracting(objects.keys)
        return gone.isEmpty ? after : after.filter { !parentGone($0.id, gone) }
    }

    /// The live object an update renames (its key fields' old values are in `before`).
    func renamedFrom(_ change: Change) -> ResourceID? {
        guard change.operation == .update, let kind = provider.kind(named: change.id.kind),
              let before = change.before else { return nil }
        let old = kind.keyFields.enumerated().map { i, field in before[field]?.string ?? change.id.key[i] }
        return old == change.id.key ? nil : ResourceID(backend: change.id.backend, kind: change.id.kind, key: old)
    }

    private func parentGone(_ id: ResourceID, _ gone: Set<ResourceID>) -> Bool {
        guard let kind = provider.kind(named: id.kind) else { return false }
        return kind.parents.contains { dependency in
            guard dependency.keyFields.allSatisfy({ $0 < id.key.count }) else { return false }
            let parent = ResourceID(backend: id.backend, kind: dependency.kind, key: dependency.keyFields.map { id.key[$0] })
            return gone.contains(parent)
        }
    }

    /// The first few objects, by key.
    static func list(_ ids: [ResourceID]) -> String {
        let shown = ids.prefix(10).map { "\($0.kind)/\($0.keyString)" }.joined(separator: ", ")
        return ids.count > 10 ? shown + " and \(ids.count - 10) more" : shown
    }
}
