import Foundation
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
    /// backends rarely share a key. Byte for byte, like the desired-state table: whether two
    /// spellings name one object is the kind's `identity`, never Swift's string equivalence.
    public func hash(into hasher: inout Hasher) {
        Self.hashBytes(kind, into: &hasher)
        for part in key { Self.hashBytes(part, into: &hasher) }
    }

    public static func == (a: ResourceID, b: ResourceID) -> Bool {
        a.key.count == b.key.count && bytesEqual(a.kind, b.kind) && bytesEqual(a.backend, b.backend)
            && a.key.indices.allSatisfy { bytesEqual(a.key[$0], b.key[$0]) }
    }

    /// Whether two texts are the same bytes (Swift's `==` also equates canonically equivalent ones).
    @inline(__always)
    public static func bytesEqual(_ a: String, _ b: String) -> Bool {
        let compared: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let outer = compared, let equal = outer { return equal }
        return a.utf8.elementsEqual(b.utf8)
    }

    @inline(__always)
    private static func hashBytes(_ text: String, into hasher: inout Hasher) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil { for byte in text.utf8 { hasher.combine(byte) } }
        hasher.combine(0xFF as UInt8)
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
