import RosterYAML

/// What the config asks for on one backend.
public struct DesiredState: Sendable {
    public var backend: String
    public private(set) var resources: [ResourceID: Resource] = [:]
    /// Objects the config says must not exist (`state: absent`), with who asked.
    public private(set) var absent: [ResourceID: Resource] = [:]
    /// Key prefixes whose children the config lists completely: a live child under one of them
    /// that the config lacks is removed (a user's roles, when `roles:` is given).
    public private(set) var scopes: Set<Scope> = []

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
    /// The object is taken, not copied: a large config adds hundreds of thousands.
    public mutating func add(_ resource: consuming Resource, bag: DiagnosticBag) {
        let id = resource.id
        if !absent.isEmpty, let previous = absent[id] {
            duplicate(id, resource.location, previous, bag)
            return
        }
        // One hash on the common path: insert, and put the first one back if there was one.
        if let previous = resources.updateValue(resource, forKey: id) {
            let location = resources[id]?.location
            resources[id] = previous
            duplicate(id, location, previous, bag)
        }
    }

    private func duplicate(_ resource: Resource, _ previous: Resource, _ bag: DiagnosticBag) {
        duplicate(resource.id, resource.location, previous, bag)
    }

    private func duplicate(_ id: ResourceID, _ location: SourceLocation?, _ previous: Resource, _ bag: DiagnosticBag) {
        bag.error("\(id.kind) '\(id.keyString)' is declared twice on '\(backend)'",
                  at: location, notes: [.init("first declared here", at: previous.location)])
    }

    /// Room for about `count` objects, so that a large config does not grow the tables step by step.
    public mutating func reserve(_ count: Int) {
        resources.reserveCapacity(count)
        // A person's account claims a scope or two (roles, groups): room for as many as objects.
        scopes.reserveCapacity(count)
    }

    public mutating func addAbsent(_ resource: Resource, bag: DiagnosticBag) {
        if let previous = resources[resource.id] ?? absent[resource.id] {
            duplicate(resource, previous, bag)
            return
        }
        absent[resource.id] = resource
    }

    public mutating func claim(_ kind: String, under keyPrefix: [String]) {
        // `update` hands back nothing on the common path, where `insert` copies the new member out.
        scopes.update(with: Scope(kind: kind, keyPrefix: keyPrefix))
    }

    public func id(_ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: kind, key: key)
    }
}
