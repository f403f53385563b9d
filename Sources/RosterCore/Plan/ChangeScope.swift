/// What a pull-request plan reads and compares on each backend: the objects of the people the
/// change touches (as the working config declares them, and as the base did, so a removed or
/// renamed person's objects are read too) and the objects that belong to no person (`resources`).
/// A live object is in scope when one of its top-level ancestors is a touched person's, or when
/// every one of them belongs to no person; the same rule narrows the desired state, so both sides
/// of the diff hold the same objects and the plan of those objects is the full plan's.
public struct ChangeScope: Sendable {
    /// The git revision the change is compared with.
    public var base: String
    /// Per backend: top-level objects of touched people, and top-level objects of no person.
    var personTops: [String: Set<ResourceID>] = [:]
    var sharedTops: [String: Set<ResourceID>] = [:]
    /// Per backend: the base's objects of touched people, read in detail like the working ones.
    var baseKeys: [String: [String: Set<[String]>]] = [:]
    /// Per backend: the kinds the full working config compares (the reads then match a full plan's).
    var kinds: [String: Set<String>] = [:]
    /// People of the working config not read.
    public var unchangedPeople: Int

    /// `working` and `base` hold the touched people's objects and every `resources` object;
    /// `fullKinds` the kinds the whole working config declares, per backend.
    public init(base: String, working: [String: DesiredState], baseState: [String: DesiredState],
                kinds: [String: ResourceKind], fullKinds: [String: Set<String>], unchangedPeople: Int) {
        self.base = base
        self.unchangedPeople = unchangedPeople
        self.kinds = fullKinds
        for state in [working, baseState] {
            for (name, desired) in state {
                let table = desired.resources
                for row in table.indices where kinds[table.kind(at: row)]?.isTopLevel ?? true {
                    note(table.id(at: row), owned: table.owner(at: row) != nil, previous: table.previousKeys(at: row), backend: name)
                }
                for (id, resource) in desired.absent where kinds[id.kind]?.isTopLevel ?? true {
                    note(id, owned: resource.owner != nil, previous: [], backend: name)
                }
                for (id, resource) in desired.kept where kinds[id.kind]?.isTopLevel ?? true {
                    note(id, owned: resource.owner != nil, previous: [], backend: name)
                }
            }
        }
        for (name, desired) in baseState {
            for id in desired.resources.keys { baseKeys[name, default: [:]][id.kind, default: []].insert(id.key) }
            for id in Array(desired.absent.keys) + Array(desired.kept.keys) {
                baseKeys[name, default: [:]][id.kind, default: []].insert(id.key)
            }
        }
    }

    /// A top-level object's id (and its earlier keys) as a touched person's or as no person's.
    private mutating func note(_ id: ResourceID, owned: Bool, previous: [[String]], backend: String) {
        for key in [id.key] + previous {
            let top = ResourceID(backend: id.backend, kind: id.kind, key: key)
            if owned { personTops[backend, default: []].insert(top) } else { sharedTops[backend, default: []].insert(top) }
        }
    }

    /// Whether the plan reads and compares this object.
    public func contains(_ id: ResourceID, kinds: [String: ResourceKind]) -> Bool {
        if kinds[id.kind]?.parents.isEmpty ?? true {
            // A top-level object is its own top.
            return personTops[id.backend]?.contains(id) == true || sharedTops[id.backend]?.contains(id) == true
        }
        let tops = Self.tops(of: id, kinds: kinds)
        let person = personTops[id.backend] ?? [], shared = sharedTops[id.backend] ?? []
        return tops.contains(where: person.contains) || (!tops.isEmpty && tops.allSatisfy(shared.contains))
    }

    /// The top-level ancestors of an object (itself, for a top-level one).
    static func tops(of id: ResourceID, kinds: [String: ResourceKind], depth: Int = 0) -> [ResourceID] {
        guard let kind = kinds[id.kind], !kind.parents.isEmpty, depth < 8 else { return [id] }
        return kind.parents.flatMap { parent in
            tops(of: ResourceID(backend: id.backend, kind: parent.kind, key: parent.parentKey(of: id.key)),
                 kinds: kinds, depth: depth + 1)
        }
    }

    /// The live objects in scope.
    public func narrow(_ live: LiveState, kinds: [String: ResourceKind]) -> LiveState {
        var narrowed = live
        narrowed.resources = live.resources.filter { contains($0.id, kinds: kinds) }
        return narrowed
    }

    /// The desired objects in scope, with every scope claimed.
    public func narrow(_ desired: DesiredState, kinds: [String: ResourceKind]) -> DesiredState {
        var narrowed = DesiredState(backend: desired.backend)
        let bag = DiagnosticBag()
        let table = desired.resources
        for row in table.indices where contains(table.id(at: row), kinds: kinds) { narrowed.add(table.resource(at: row), bag: bag) }
        for (id, resource) in desired.absent.sorted(by: { $0.key < $1.key }) where contains(id, kinds: kinds) {
            narrowed.addAbsent(resource, bag: bag)
        }
        for (id, resource) in desired.kept.sorted(by: { $0.key < $1.key }) where contains(id, kinds: kinds) {
            narrowed.keep(resource, bag: bag)
        }
        for scope in desired.scopes { narrowed.claim(scope.kind, under: scope.keyPrefix) }
        // What the plan says of the objects: the team that grants one, the disabled owners, the
        // places of the list items a check points at.
        narrowed.via = desired.via
        narrowed.disabledOwners = desired.disabledOwners
        narrowed.attributeNodes = desired.attributeNodes
        return narrowed
    }

    /// What to read of a backend: the working objects in scope, the base's of touched people, and
    /// the kinds a full plan compares.
    public func interest(_ interest: FetchInterest, backend: String) -> FetchInterest {
        var narrowed = interest
        for (kind, keys) in baseKeys[backend] ?? [:] { narrowed.keys[kind, default: []].formUnion(keys) }
        narrowed.everything = false
        narrowed.namedOnly = true
        if let kinds = kinds[backend] { narrowed.kinds = (narrowed.kinds ?? []).union(kinds) }
        return narrowed
    }
}
