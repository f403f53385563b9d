import Foundation

/// A JSON value from a Squirro answer. User objects carry custom keys, so answers are read into
/// this rather than into fixed structs.
enum SquirroJSON: Sendable, Hashable, Decodable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([SquirroJSON])
    case object([String: SquirroJSON])
    case null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([SquirroJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: SquirroJSON].self)) }
    }

    static func parse(_ bytes: [UInt8]) -> SquirroJSON? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        return try? JSONDecoder().decode(SquirroJSON.self, from: Data(bytes))
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [SquirroJSON] { if case .array(let a) = self { a } else { [] } }
    var object: [String: SquirroJSON] { if case .object(let o) = self { o } else { [:] } }
    subscript(key: String) -> SquirroJSON? { object[key] }
}

/// A request body: compact JSON, or a form (the group and member calls take forms).
enum SquirroBody: Sendable {
    case json([String: JSONField])
    case form([(String, String)])

    /// The values roster sends in JSON bodies.
    enum JSONField: Sendable, Encodable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case strings([String])

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            case .bool(let b): try c.encode(b)
            case .strings(let l): try c.encode(l)
            }
        }
    }

    var contentType: String {
        switch self {
        case .json: "application/json"
        case .form: "application/x-www-form-urlencoded"
        }
    }

    var bytes: [UInt8] {
        switch self {
        case .json(let fields):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array((try? encoder.encode(fields)) ?? Data("{}".utf8))
        case .form(let pairs):
            return Array(pairs.map { "\(Self.formEscape($0.0))=\(Self.formEscape($0.1))" }.joined(separator: "&").utf8)
        }
    }

    /// Form encoding as Python's `urlencode` does it: space as `+`, the rest percent-escaped.
    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~ ")
        let escaped = text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        return escaped.replacingOccurrences(of: " ", with: "+")
    }
}
