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
        let renames = renames(desired, liveByID)
        if !renames.isEmpty { liveByID = rekeyed(liveByID, renames) }
        let renamedFrom = Dictionary(uniqueKeysWithValues: renames.map { ($0.value, $0.key) })
        let mismatches = live.passwordMismatches
        var changes: [Change] = []

        for (id, want) in desired.resources {
            if let have = liveByID[id] {
                if let update = update(want, have, passwordRefused: mismatches.contains(id),
                                       renamedFrom: renamedFrom[id]) { changes.append(update) }
            } else {
                changes.append(Change(.create, id, after: want.attributes, owner: want.owner, location: want.location))
            }
        }

        // Live objects the config does not ask for, found in one pass: the few candidates for deletion.
        let missing = liveByID.filter { !desired.resources.contains($0.key) }
        // Deletions of top-level objects first, so that their children can follow them.
        var deleted: Set<ResourceID> = []
        for (id, have) in missing {
            guard let kind = provider.kind(named: id.kind), kind.isTopLevel,
                  !backend.protects(id.keyString), !provider.isPermanent(id) else { continue }
            if let absent = desired.absent[id] {
                changes.append(delete(have, .stateAbsent, owner: absent.owner, location: absent.location))
                deleted.insert(id)
            } else if backend.prune == .all {
                changes.append(delete(have, .pruned, owner: nil, location: nil))
                deleted.insert(id)
            }
        }
        for (id, have) in missing {
            guard let kind = provider.kind(named: id.kind), !kind.isTopLevel else { continue }
            let deletedParents = kind.parents.filter {
                deleted.contains(ResourceID(backend: id.backend, kind: $0.kind, key: $0.parentKey(of: id.key)))
            }
            if !deletedParents.isEmpty {
                // The server removes it with its parent, or it must go first.
                if deletedParents.contains(where: { !$0.cascadesOnDelete }) {
                    changes.append(delete(have, .parentDeleted, owner: nil, location: nil))
                }
            } else if let absent = desired.absent[id] {
                changes.append(delete(have, .stateAbsent, owner: absent.owner, location: absent.location))
            } else if isClaimed(id, by: desired) {
                changes.append(delete(have, .notInConfig, owner: nil, location: nil))
            }
        }
        return changes.sorted { $0.id < $1.id }
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
        for attribute in want.attributes {
            let access = kind.attribute(attribute.name)?.access ?? .readWrite
            switch access {
            case .readOnly:
                continue
            case .writeOnly:
                if want.passwordUpdate == .always || (want.passwordUpdate == .verify && passwordRefused) {
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
    private func renames(_ desired: DesiredState, _ live: [ResourceID: Resource]) -> [ResourceID: ResourceID] {
        var renames: [ResourceID: ResourceID] = [:]
        // Only objects with previous names can be renamed: the few of them are sorted, not all.
        let candidates = desired.resources.renamedRows.map(desired.resources.resource(at:)).filter { live[$0.id] == nil }
        for want in candidates.sorted(by: { $0.id < $1.id }) {
            let id = want.id
            for previous in want.previousKeys {
                let old = ResourceID(backend: id.backend, kind: id.kind, key: previous)
                if live[old] != nil, !desired.resources.contains(old), desired.absent[old] == nil, renames[old] == nil {
                    renames[old] = id
                    break
                }
            }
        }
        return renames
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
    private func isClaimed(_ id: ResourceID, by desired: DesiredState) -> Bool {
        (0..<id.key.count).contains { length in
            desired.scopes.contains(DesiredState.Scope(kind: id.kind, keyPrefix: Array(id.key.prefix(length))))
        }
    }
}
