import RosterYAML

/// What the config asks for on one backend.
public struct DesiredState: Sendable {
    public var backend: String
    /// The desired objects, compact and in order of declaration.
    public private(set) var resources = ResourceTable()
    /// Objects the config says must not exist (`state: absent`), with who asked.
    public private(set) var absent: [ResourceID: Resource] = [:]
    /// Objects the config keeps as they are, neither created, changed nor deleted whatever `prune`
    /// says: a disabled person's account on a backend that cannot lock it yet.
    public private(set) var kept: [ResourceID: Resource] = [:]
    /// Key prefixes whose children the config lists completely: a live child under one of them
    /// that the config lacks is removed (a user's roles, when `roles:` is given).
    public private(set) var scopes = ScopeSet()
    /// Objects granted by a team rather than the person's own entry: `team platform`.
    public var via: [ResourceID: String] = [:]
    /// The people whose accounts here are `state: disabled`: what their lockout removes (a key, a
    /// membership) is planned with that reason, not as "absent in config".
    public var disabledOwners: Set<String> = []
    /// Where a list attribute that names other objects is written (a cloud user's `platform_ids`),
    /// by object and attribute: a plan-time check points at the item that names nothing. Only for
    /// the attributes a provider checks so (few objects).
    public var attributeNodes: [AttributePlace: YAMLNode] = [:]

    public struct AttributePlace: Sendable, Hashable {
        public var id: ResourceID
        public var attribute: String
        public init(_ id: ResourceID, _ attribute: String) {
            self.id = id
            self.attribute = attribute
        }
    }

    /// Where the item `text` of the list `attribute` of `id` is written, if recorded.
    public func location(of text: String, in attribute: String, of id: ResourceID) -> SourceLocation? {
        attributeNodes[AttributePlace(id, attribute)]?.items.first { $0.scalar == text }?.location
    }

    public struct Scope: Sendable, Hashable {
        public var kind: String
        public var keyPrefix: [String]
        public init(kind: String, keyPrefix: [String]) {
            self.kind = kind
            self.keyPrefix = keyPrefix
        }
    }

    public init(backend: String) { self.backend = backend }

    /// Adds a desired object; a second declaration of the same object is an error at both places.
    public mutating func add(_ resource: consuming Resource, bag: DiagnosticBag) {
        if !absent.isEmpty || !kept.isEmpty, let previous = absent[resource.id] ?? kept[resource.id] {
            duplicate(resource, previous.location, bag)
            return
        }
        if let taken = resources.insert(resource) {
            duplicate(resource, resources.location(at: taken), bag)
        }
    }

    private func duplicate(_ resource: Resource, _ previous: SourceLocation?, _ bag: DiagnosticBag) {
        bag.error("\(resource.id.kind) '\(resource.id.keyString)' is declared twice on '\(backend)'",
                  at: resource.location, notes: [.init("first declared here", at: previous)])
    }

    /// Room for about `count` objects, so that a large config does not grow the tables step by step.
    public mutating func reserve(_ count: Int) {
        resources.reserveCapacity(count)
        // A person's account claims a scope or two (roles, groups) for its two or three objects.
        scopes.reserveCapacity(count * 2 / 3)
    }

    public mutating func addAbsent(_ resource: Resource, bag: DiagnosticBag) {
        if let previous = declaration(of: resource.id) { duplicate(resource, previous, bag) } else { absent[resource.id] = resource }
    }

    /// Keeps a live object as it is (see `kept`).
    public mutating func keep(_ resource: Resource, bag: DiagnosticBag) {
        if let previous = declaration(of: resource.id) { duplicate(resource, previous, bag) } else { kept[resource.id] = resource }
    }

    /// Where the object is declared already (desired, absent or kept), if it is.
    private func declaration(of id: ResourceID) -> SourceLocation?? {
        if let taken = resources.index(of: id) { return .some(resources.location(at: taken)) }
        return (absent[id] ?? kept[id]).map(\.location)
    }

    public mutating func claim(_ kind: String, under keyPrefix: [String]) {
        scopes.insert(kind: kind, keyPrefix: keyPrefix)
    }

    /// Adds what `other` (of the same backend) holds after what this holds, exactly as if every
    /// `add`, `addAbsent` and `claim` made into `other` had been made here, with the same errors.
    /// Rows are copied in bulk: two halves of a config resolved apart are joined cheaply.
    public mutating func append(_ other: consuming DesiredState, bag: DiagnosticBag) {
        // The other's objects that this one says must be absent: errors, and not added.
        var refused: [Int: SourceLocation?] = [:]
        for (id, previous) in absent {
            if let row = other.resources.index(of: id) { refused[row] = previous.location }
        }
        var errors = refused.map { (row: $0.key, resource: other.resources.resource(at: $0.key), previous: $0.value) }
        // Moved out of `other`, so that the join can let its columns go one by one.
        var table = ResourceTable()
        swap(&table, &other.resources)
        let taken = resources.append(consume table, skipping: Set(refused.keys))
        errors += taken.map { (row: $0.row, resource: $0.resource, previous: resources.location(at: $0.taken)) }
        // In the order the other state met them.
        errors.sort { $0.row < $1.row }
        for error in errors { duplicate(error.resource, error.previous, bag) }
        // The other's absent objects are none of its resources: only this state's can clash.
        for (_, resource) in other.absent.sorted(by: { $0.key < $1.key }) { addAbsent(resource, bag: bag) }
        for (_, resource) in other.kept.sorted(by: { $0.key < $1.key }) { keep(resource, bag: bag) }
        var otherScopes = ScopeSet()
        swap(&otherScopes, &other.scopes)
        scopes.append(consume otherScopes)
        via.merge(other.via) { first, _ in first }
        disabledOwners.formUnion(other.disabledOwners)
        attributeNodes.merge(other.attributeNodes) { first, _ in first }
    }

    public func id(_ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: kind, key: key)
    }
}
