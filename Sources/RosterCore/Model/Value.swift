/// An attribute value of a resource. Lists are kept in the order a provider normalises them to
/// (sorted for sets), so that equality is the comparison the diff needs.
public enum Value: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([Value])
    case secret(Secret)
    case null

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var int: Int? { if case .int(let i) = self { i } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var list: [Value]? { if case .list(let l) = self { l } else { nil } }
    public var secret: Secret? { if case .secret(let s) = self { s } else { nil } }

    public var isSensitive: Bool {
        switch self {
        case .secret: true
        case .list(let items): items.contains { $0.isSensitive }
        default: false
        }
    }

    /// A sorted list of strings, the usual shape of a set-valued attribute.
    public static func set(_ items: some Sequence<String>) -> Value {
        .list(Set(items).sorted().map(Value.string))
    }
}

extension Value: CustomStringConvertible {
    /// The form shown in plans: strings quoted, secrets `(sensitive)`.
    public var description: String {
        switch self {
        case .string(let s): return "\"\(Self.escape(s))\""
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .secret: return Secret.redacted
        case .null: return "null"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: Codable {
    /// JSON form: strings, numbers, booleans, arrays, null; a secret is the string `(sensitive)`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        case .secret: try c.encode(Secret.redacted)
        case .null: try c.encodeNil()
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .list(try c.decode([Value].self)) }
    }
}
