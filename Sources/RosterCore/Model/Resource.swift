import RosterYAML

/// The identity of one object on one backend: `uyuni-prod/uyuni.user/asmith`.
public struct ResourceID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var backend: String
    public var kind: String
    public var key: [String]

    public init(backend: String, kind: String, key: [String]) {
        self.backend = backend
        self.kind = kind
        self.key = key
    }

    public var keyString: String { key.joined(separator: "/") }

    /// Kind and key only: ids of one backend are hashed by the million during a plan, and two
    /// backends rarely share a key.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        for part in key { hasher.combine(part) }
    }
    public var description: String { "\(backend)/\(kind)/\(keyString)" }

    public static func < (a: ResourceID, b: ResourceID) -> Bool {
        if a.backend != b.backend { return a.backend < b.backend }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.key.lexicographicallyPrecedes(b.key)
    }
}

/// One object, desired or live.
public struct Resource: Sendable, Hashable {
    public var id: ResourceID
    public var attributes: Attributes
    /// The person whose account this object belongs to, if any.
    public var owner: String?
    /// Where the config declares it (desired side only).
    public var location: SourceLocation?
    /// How a write-only password is refreshed (desired side only).
    public var passwordUpdate: PasswordUpdate
    /// Keys the object had before a rename (desired side only, from `previous_names:`): a live
    /// object under one of them is renamed by an update instead of deleted and created again.
    public var previousKeys: [[String]] = []

    public init(_ id: ResourceID, _ attributes: Attributes = [:], owner: String? = nil,
                location: SourceLocation? = nil, passwordUpdate: PasswordUpdate = .onCreate) {
        self.id = id
        self.attributes = attributes
        self.owner = owner
        self.location = location
        self.passwordUpdate = passwordUpdate
    }
}
