import RosterYAML

/// What the table read of one account mapping: the attributes of its simple keys, and where each
/// key's value is written.
public struct AccountValues {
    /// The attributes the table's own keys set, in the order the mapping gives them.
    public var attributes = Attributes()
    /// Each given key's value node (every key, the provider's too), for places and later checks.
    public var nodes: [String: YAMLNode] = [:]

    public init() {}

    /// Where the value of `key` is written; nil when the mapping does not give it.
    public func location(_ key: String) -> SourceLocation? { nodes[key]?.location }
}

extension AccountKeyTable {
    /// The account mapping's keys in order: a key the table reads becomes its attribute, with its
    /// place kept; a key the provider reads goes to `provider` with its value; an unknown key is an
    /// error at its place, naming the closest known one.
    public func read(_ node: YAMLNode, person: String, backend: String, reader: ValueReader,
                     provider: (AccountKey, YAMLNode) -> Void) -> AccountValues {
        var values = AccountValues()
        for entry in node.entries {
            let name = entry.key.scalar ?? ""
            guard let key = self[name] else {
                reader.bag.unknownKey(name, in: "the '\(backend)' account of '\(person)' (type \(type))",
                                      at: entry.key.location, known: names)
                continue
            }
            values.nodes[name] = entry.value
            guard key.reader == .table, let attribute = key.attribute else {
                provider(key, entry.value)
                continue
            }
            values.attributes[attribute] = key.value(entry.value, reader)
        }
        return values
    }
}

extension AccountKey {
    /// The value of a key the table reads, as its attribute holds it; nil (and an error at the
    /// value) when it is not of the key's type.
    func value(_ node: YAMLNode, _ reader: ValueReader) -> Value? {
        switch type {
        case .string: return reader.string(node, name).map(Value.string)
        case .integer(let minimum?): return reader.int(node, name, atLeast: minimum).map(Value.int)
        case .integer(nil): return reader.int(node, name).map(Value.int)
        case .boolean: return reader.bool(node, name).map(Value.bool)
        case .secret: return reader.secret(node, name).map(Value.secret)
        case .choice(let words): return reader.choice(node, name, among: words).map(Value.string)
        case .stringList: return reader.stringList(node, name).map(Value.set)
        case .choiceMap, .other:
            preconditionFailure("account key '\(name)' has no value of its own: its provider reads it")
        }
    }
}
