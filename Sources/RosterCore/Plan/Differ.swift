import RosterYAML

/// Compares what the config asks for with what a backend has. Pure and deterministic: the same
/// inputs give the same changes, sorted by identity.
public struct Differ: Sendable {
    public let provider: any Provider
    public let backend: BackendConfig

    public init(provider: any Provider, backend: BackendConfig) {
        self.provider = provider
        self.backend = backend
    }

    public func diff(desired: DesiredState, live: LiveState) -> [Change] {
        var liveByID: [ResourceID: Resource] = [:]
        liveByID.reserveCapacity(live.resources.count)
        for resource in live.resources { liveByID[resource.id] = resource }
        let kinds = Dictionary(provider.kinds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var index = LiveIndex(liveByID, kinds: kinds)
        let renames = renames(desired, &index)
        if !renames.isEmpty { index = LiveIndex(rekeyed(liveByID, renames), kinds: kinds) }
        let renamedFrom = Dictionary(uniqueKeysWithValues: renames.map { ($0.value, $0.key) })
        let mismatches = live.passwordMismatches
        var changes: [Change] = []

        for (id, want) in desired.resources {
            if let have = index.byID[id] {
                if let update = update(want, have, passwordRefused: mismatches.contains(id),
                                       renamedFrom: renamedFrom[id]) { changes.append(update) }
                continue
            }
            // Not under this spelling: the live object the server takes it for, or a new one.
            let planned = index.resolve(id, desired: desired.resources)
            var want = want
            want.id = planned
            if let have = index.byID[planned] {
                if let update = update(want, have, passwordRefused: mismatches.contains(id),
                                       renamedFrom: renamedFrom[id]) { changes.append(update) }
            } else {
                changes.append(Change(.create, planned, after: withDefaults(want), owner: want.owner,
                                      location: want.location))
            }
        }

        // Live objects the config does not ask for, found in one pass: the few candidates for deletion.
        let kept = NamedIndex(desired.kept, kinds: kinds)
        let respelled = !index.desiredSpelling.isEmpty
        let missing = index.byID.filter {
            !desired.resources.contains($0.key) && !(respelled && index.desiredSpelling[$0.key] != nil)
                && kept.find($0.key, in: kinds) == nil
        }
        let absent = NamedIndex(desired.absent, kinds: kinds)
        // Deletions of top-level objects first, so that their children can follow them.
        // Deleted top-level objects, with the person each deletion is for (nil for a stranger).
        var deleted: [ResourceID: String?] = [:]
        for (id, have) in missing {
            guard let kind = kinds[id.kind], kind.isTopLevel,
                  !backend.protects(id, kind: kind), !provider.isPermanent(id) else { continue }
            if let gone = absent.find(id, in: kinds) {
                let change = delete(have, .stateAbsent, owner: gone.owner, location: gone.location)
                changes.append(change)
                deleted[id] = change.owner
            } else if backend.prune == .all {
                changes.append(delete(have, .pruned, owner: nil, location: nil))
                deleted[id] = String?.none
            }
        }
        for (id, have) in missing {
            guard let kind = kinds[id.kind], !kind.isTopLevel else { continue }
            let deletedParents = kind.parents.filter {
                deleted[ResourceID(backend: id.backend, kind: $0.kind, key: $0.parentKey(of: id.key))] != nil
            }
            if !deletedParents.isEmpty {
                // The server removes it with its parent, or it must go first.
                if deletedParents.contains(where: { !$0.cascadesOnDelete }) {
                    let owner = deletedParents.lazy.compactMap {
                        deleted[ResourceID(backend: id.backend, kind: $0.kind, key: $0.parentKey(of: id.key))] ?? nil
                    }.first
                    changes.append(delete(have, .parentDeleted, owner: owner, location: nil))
                }
            } else if let gone = absent.find(id, in: kinds) {
                changes.append(delete(have, .stateAbsent, owner: gone.owner, location: gone.location))
            } else if isClaimed(index.desiredKey(of: id), kind: id.kind, by: desired) {
                let (owner, location) = holder(of: id, kind: kind, index: index, desired: desired)
                let reason: Change.Reason = owner.map(desired.disabledOwners.contains) == true ? .stateDisabled : .notInConfig
                changes.append(delete(have, reason, owner: owner, location: location))
            }
        }
        return changes.sorted { $0.id < $1.id }
    }

    /// The person whose live object holds a child the config does not list (a role the config no
    /// longer gives bjones), and where the config writes that parent: the removal is theirs.
    private func holder(of id: ResourceID, kind: ResourceKind, index: LiveIndex,
                        desired: DesiredState) -> (String?, SourceLocation?) {
        let key = index.desiredKey(of: id)
        for parent in kind.parents {
            let parentID = ResourceID(backend: id.backend, kind: parent.kind, key: parent.parentKey(of: key))
            if let want = desired.resources[parentID] ?? desired.kept[parentID], let owner = want.owner {
                return (owner, want.location)
            }
        }
        return (nil, nil)
    }

    /// A new object's attributes: what the config writes, and the server's default for each
    /// attribute of its kind that it does not.
    private func withDefaults(_ want: Resource) -> Attributes {
        guard let kind = provider.kind(named: want.id.kind),
              kind.attributes.contains(where: { $0.createDefault != nil }) else { return want.attributes }
        var after = want.attributes
        for attribute in kind.attributes where after[attribute.name] == nil {
            if let value = attribute.createDefault { after[attribute.name] = value }
        }
        return after
    }

    private func update(_ want: Resource, _ have: Resource, passwordRefused: Bool, renamedFrom: ResourceID?) -> Change? {
        guard let kind = provider.kind(named: want.id.kind) else { return nil }
        var after = Attributes()
        var before = have.attributes
        // A rename shows as its key fields changing: old → new.
        for (i, field) in kind.keyFields.enumerated() {
            guard let old = renamedFrom?.key[i], old != want.id.key[i] else { continue }
            before[field] = .string(old)
            after[field] = .string(want.id.key[i])
        }
        // Locking an account sends no declared password; unlocking it sends it (`Lockout`).
        let lock = kind.lockout
        let locking = lock.map { want.attributes[$0.attribute] == $0.locked } ?? false
        let unlocking = lock.map { have.attributes[$0.attribute] == $0.locked && want.attributes[$0.attribute] == $0.open } ?? false
        for attribute in want.attributes {
            let access = kind.attribute(attribute.name)?.access ?? .readWrite
            switch access {
            case .readOnly:
                continue
            case .writeOnly:
                if !locking, unlocking || want.passwordUpdate == .always || (want.passwordUpdate == .verify && passwordRefused) {
                    after[attribute.name] = attribute.value
                }
            case .readWrite:
                if have.attributes[attribute.name] != attribute.value { after[attribute.name] = attribute.value }
            }
        }
        if after.isEmpty { return nil }
        return Change(.update, want.id, before: before, after: after, owner: want.owner,
                      location: want.location)
    }

    private func delete(_ have: Resource, _ reason: Change.Reason, owner: String?, location: SourceLocation?) -> Change {
        Change(.delete, have.id, before: have.attributes, reason: reason, owner: owner ?? have.owner, location: location)
    }

    /// Live objects to rename, old id → new id: a desired object missing live whose previous key
    /// names a live object of its kind that the config does not want under that key.
    private func renames(_ desired: DesiredState, _ live: inout LiveIndex) -> [ResourceID: ResourceID] {
        var renames: [ResourceID: ResourceID] = [:]
        // Only objects with previous names can be renamed: the few of them are sorted, not all.
        let candidates = desired.resources.renamedRows.map(desired.resources.resource(at:))
            .filter { provider.kind(named: $0.id.kind)?.canRename == true && live.find($0.id) == nil }
        for want in candidates.sorted(by: { $0.id < $1.id }) {
            let id = want.id
            for previous in want.previousKeys {
                guard let old = live.find(ResourceID(backend: id.backend, kind: id.kind, key: previous)) else { continue }
                if !desired.resources.contains(old), desired.absent[old] == nil, renames[old] == nil {
                    renames[old] = id
                    break
                }
            }
        }
        return renames
    }

    /// Renames the server cannot make: a desired object missing live whose previous key names a
    /// live object of a kind that cannot be renamed (an Uyuni login). An error at its place that
    /// names what the old object holds: never a silent second account.
    public func refusedRenames(desired: DesiredState, live: LiveState) -> [Diagnostic] {
        let rows = desired.resources.renamedRows.filter {
            provider.kind(named: desired.resources.kind(at: $0))?.canRename == false
        }
        if rows.isEmpty { return [] }
        let kinds = Dictionary(provider.kinds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var index = LiveIndex(Dictionary(live.resources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }), kinds: kinds)
        var diagnostics: [Diagnostic] = []
        for row in rows.sorted() {
            let want = desired.resources.resource(at: row)
            guard index.find(want.id) == nil else { continue }
            for previous in want.previousKeys {
                guard let old = index.find(ResourceID(backend: want.id.backend, kind: want.id.kind, key: previous)),
                      !desired.resources.contains(old) else { continue }
                let held = live.resources.filter { child in
                    kinds[child.id.kind]?.parents.contains {
                        $0.kind == old.kind && $0.parentKey(of: child.id.key) == old.key
                    } == true
                }.map { "\($0.id.kind) \($0.id.keyString)" }.sorted()
                diagnostics.append(.error(
                    "\(want.id.kind) '\(old.keyString)' cannot be renamed to '\(want.id.keyString)' on '\(backend.name)': "
                        + "the \(provider.type) API has no rename", at: want.location,
                    notes: [.init(held.isEmpty ? "'\(old.keyString)' holds nothing besides the account"
                                               : "'\(old.keyString)' holds \(held.joined(separator: ", "))"),
                            .init("keep the old name, or drop 'previous_names' to create the new account beside the old "
                                  + "one (then remove the old one with 'prune' or another person's 'state: absent')")]))
                break
            }
        }
        return diagnostics
    }

    /// The live objects as they will be after the renames: renamed objects under their new key, and
    /// their children's keys following their parent's (the server keeps children with the object).
    private func rekeyed(_ live: [ResourceID: Resource], _ renames: [ResourceID: ResourceID]) -> [ResourceID: Resource] {
        var result: [ResourceID: Resource] = [:]
        result.reserveCapacity(live.count)
        for (id, resource) in live {
            var moved = resource
            if let new = renames[id] {
                moved.id = new
            } else if let kind = provider.kind(named: id.kind) {
                for parent in kind.parents {
                    let parentID = ResourceID(backend: id.backend, kind: parent.kind, key: parent.parentKey(of: id.key))
                    guard let new = renames[parentID] else { continue }
                    for (i, field) in parent.keyFields.enumerated() { moved.id.key[field] = new.key[i] }
                }
            }
            result[moved.id] = moved
        }
        return result
    }

    /// Whether the config lists this object's siblings completely (a scope covers a key prefix).
    private func isClaimed(_ key: [String], kind: String, by desired: DesiredState) -> Bool {
        (0..<key.count).contains { length in
            desired.scopes.contains(DesiredState.Scope(kind: kind, keyPrefix: Array(key.prefix(length))))
        }
    }
}
