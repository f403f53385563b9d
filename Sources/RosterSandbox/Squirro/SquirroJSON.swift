import Foundation

/// A JSON value as the Squirro emulator stores and answers it. Objects keep no key order;
/// answers are encoded with sorted keys so that they are deterministic.
public enum SquirroJSON: Sendable, Hashable, Codable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([SquirroJSON])
    case object([String: SquirroJSON])
    case null

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var object: [String: SquirroJSON]? { if case .object(let o) = self { o } else { nil } }
    public var array: [SquirroJSON]? { if case .array(let a) = self { a } else { nil } }

    public subscript(key: String) -> SquirroJSON? { object?[key] }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([SquirroJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: SquirroJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        case .null: try c.encodeNil()
        }
    }

    /// Parses a request body; nil when it is not JSON.
    public static func parse(_ bytes: [UInt8]) -> SquirroJSON? {
        try? JSONDecoder().decode(SquirroJSON.self, from: Data(bytes))
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("null".utf8))
    }
}

extension SquirroJSON: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: SquirroJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, SquirroJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension EmulatorResponse {
    /// A Squirro answer: JSON with the exact status the SDK expects.
    static func squirro(_ body: SquirroJSON, status: Int = 200) -> EmulatorResponse {
        .json(body.encoded(), status: status)
    }

    /// 204 with an empty body: the SDK reads an empty body as `{}`.
    static let squirroNoContent = EmulatorResponse(
        status: 204, headers: [(name: "Content-Type", value: "application/json")])

    /// Squirro's error body: an object whose `error` the SDK reads (a list would crash it).
    static func squirroError(_ status: Int, _ message: String) -> EmulatorResponse {
        .squirro(["error": .string(message), "msg": .string(message), "code": .int(status)], status: status)
    }
}

/// Decodes an `application/x-www-form-urlencoded` body.
func squirroForm(_ body: [UInt8]) -> [String: String] {
    var fields: [String: String] = [:]
    for (name, value) in EmulatorRequest.parseQuery(String(decoding: body, as: UTF8.self)) where fields[name] == nil {
        fields[name] = value
    }
    return fields
}

/// Lets the Squirro handlers pass a refusal up through `Result` (`.failure(.squirroError(404, ...))`).
extension EmulatorResponse: Error {}
