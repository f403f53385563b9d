/// The scopes a desired state claims, compactly: a kind number and key-prefix texts per scope, in a
/// byte arena with an open-addressing index. Inserting a scope a second time changes nothing.
public struct ScopeSet: Sendable, Sequence {
    private var store = KeyTable()

    public init() {}

    public var count: Int { store.count }
    public var isEmpty: Bool { store.count == 0 }

    /// The bytes the set has allocated (capacity, not count).
    public var storageBytes: Int { store.storageBytes }

    /// Room for `count` scopes of one-part prefixes.
    public mutating func reserveCapacity(_ count: Int) { store.reserve(count, parts: count, bytes: count * 8) }

    /// The kinds of the scopes, each once.
    public var kinds: [String] { store.kindNames }

    public func contains(_ scope: DesiredState.Scope) -> Bool {
        store.find(kind: scope.kind, key: scope.keyPrefix) != nil
    }

    /// Whether the scope is new.
    @discardableResult
    public mutating func insert(kind: String, keyPrefix: [String]) -> Bool {
        store.insert(kind: kind, key: keyPrefix).inserted
    }

    /// Adds the scopes of `other` that are not here yet, reusing its bytes and hashes.
    public mutating func append(_ other: consuming ScopeSet) {
        if store.count == 0 {
            self = other
            return
        }
        let (kinds, offset) = store.absorb(other.store)
        for i in 0..<other.store.count { _ = store.insert(i, of: other.store, kinds: kinds, offset: offset) }
    }

    /// The scopes in order of insertion.
    public func makeIterator() -> AnyIterator<DesiredState.Scope> {
        var i = 0
        return AnyIterator {
            guard i < store.count else { return nil }
            defer { i += 1 }
            return DesiredState.Scope(kind: store.kindName(i), keyPrefix: store.key(i))
        }
    }
}

extension ScopeSet: Equatable {
    /// The same scopes, in any order.
    public static func == (a: ScopeSet, b: ScopeSet) -> Bool {
        a.count == b.count && a.allSatisfy(b.contains)
    }
}
