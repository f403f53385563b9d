/// One backend's live objects, found as its server finds them: by the exact key first, then by the
/// kind's `identity` (case, Unicode form), so that a spelling the server cannot tell apart names
/// the live object instead of a new one.
struct LiveIndex {
    let kinds: [String: ResourceKind]
    private(set) var byID: [ResourceID: Resource]
    /// Per kind, the canonical key of every live object: built on the first miss only.
    private var canonical: [String: [[String]: ResourceID]]?
    /// Desired ids spelled otherwise than their live object, desired → live, and back.
    private(set) var liveSpelling: [ResourceID: ResourceID] = [:]
    private(set) var desiredSpelling: [ResourceID: ResourceID] = [:]

    init(_ live: [ResourceID: Resource], kinds: [String: ResourceKind]) {
        byID = live
        self.kinds = kinds
    }

    /// The live object the server takes `id` for: the same key, else one the kind's identity equates.
    mutating func find(_ id: ResourceID) -> ResourceID? {
        if byID[id] != nil { return id }
        guard let kind = kinds[id.kind], !kind.identityIsExact else { return nil }
        if canonical == nil { canonical = Self.canonicalKeys(byID.keys, kinds) }
        return canonical?[id.kind]?[kind.canonicalKey(id.key)]
    }

    /// The id a desired object is planned under: the live object's spelling when the server takes
    /// the two for one (and no other desired object is that live object), else its own key with
    /// its parents' fields spelled as the live parents are.
    mutating func resolve(_ id: ResourceID, desired: ResourceTable) -> ResourceID {
        if byID[id] != nil { return id }
        if let known = liveSpelling[id] { return known }
        var result = id
        if let found = find(id), !desired.contains(found), desiredSpelling[found] == nil {
            result = found
        } else if let kind = kinds[id.kind] {
            for parent in kind.parents {
                let parentID = ResourceID(backend: id.backend, kind: parent.kind, key: parent.parentKey(of: id.key))
                let spelled = resolve(parentID, desired: desired)
                for (i, field) in parent.keyFields.enumerated() { result.key[field] = spelled.key[i] }
            }
        }
        if result != id {
            liveSpelling[id] = result
            if byID[result] != nil { desiredSpelling[result] = id }
        }
        return result
    }

    /// A live child's key with its parents' fields spelled as the config spells them (for scopes,
    /// which the config claims under its own spelling).
    func desiredKey(of id: ResourceID) -> [String] {
        guard let kind = kinds[id.kind], !desiredSpelling.isEmpty else { return id.key }
        var key = id.key
        for parent in kind.parents {
            let parentID = ResourceID(backend: id.backend, kind: parent.kind, key: parent.parentKey(of: id.key))
            guard let desired = desiredSpelling[parentID] else { continue }
            for (i, field) in parent.keyFields.enumerated() { key[field] = desired.key[i] }
        }
        return key
    }

    private static func canonicalKeys(_ ids: Dictionary<ResourceID, Resource>.Keys,
                                      _ kinds: [String: ResourceKind]) -> [String: [[String]: ResourceID]] {
        var result: [String: [[String]: ResourceID]] = [:]
        for id in ids {
            guard let kind = kinds[id.kind], !kind.identityIsExact else { continue }
            let key = kind.canonicalKey(id.key)
            // Two live spellings of one key (a server that let both in): the first in order, always.
            if let other = result[id.kind]?[key], other < id { continue }
            result[id.kind, default: [:]][key] = id
        }
        return result
    }
}

/// Objects the config names by key (absent or kept), found as the server compares keys.
struct NamedIndex {
    let named: [ResourceID: Resource]
    private var canonical: [String: [[String]: Resource]] = [:]

    init(_ named: [ResourceID: Resource], kinds: [String: ResourceKind]) {
        self.named = named
        for (id, resource) in named {
            guard let kind = kinds[id.kind], !kind.identityIsExact else { continue }
            canonical[id.kind, default: [:]][kind.canonicalKey(id.key)] = resource
        }
    }

    func find(_ id: ResourceID, in kinds: [String: ResourceKind]) -> Resource? {
        if named.isEmpty { return nil }
        if let exact = named[id] { return exact }
        guard let kind = kinds[id.kind], !kind.identityIsExact else { return nil }
        return canonical[id.kind]?[kind.canonicalKey(id.key)]
    }
}
