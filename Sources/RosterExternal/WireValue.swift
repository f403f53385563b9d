import RosterCore

/// A JSON value as it crosses the pipe. Unlike `Value`'s own Codable form, a secret goes out as its
/// text: the program needs the password it sets. Nothing else in roster sees a `WireValue`.
public indirect enum WireValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([WireValue])
    case object([String: WireValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([WireValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: WireValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public subscript(key: String) -> WireValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var int: Int? { if case .int(let i) = self { i } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [WireValue]? { if case .array(let a) = self { a } else { nil } }
    public var object: [String: WireValue]? { if case .object(let o) = self { o } else { nil } }
}

extension WireValue {
    /// The wire form of an attribute value; secrets are revealed and collected in `secrets`,
    /// so that anything the program echoes back can be scrubbed of them.
    init(_ value: Value, secrets: inout Set<String>) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .list(let items): self = .array(items.map { WireValue($0, secrets: &secrets) })
        case .secret(let secret):
            secrets.insert(secret.reveal())
            self = .string(secret.reveal())
        }
    }

    init(_ attributes: Attributes, secrets: inout Set<String>) {
        var object: [String: WireValue] = [:]
        for entry in attributes { object[entry.name] = WireValue(entry.value, secrets: &secrets) }
        self = .object(object)
    }

    /// An attribute value read back; a sensitive attribute's text becomes a `Secret`.
    func value(sensitive: Bool) -> Value? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return sensitive ? .secret(Secret(s)) : .string(s)
        case .array(let items):
            var out: [Value] = []
            for item in items {
                guard let value = item.value(sensitive: sensitive) else { return nil }
                out.append(value)
            }
            return .list(out)
        case .double, .object: return nil
        }
    }
}
