import Foundation
import RosterJSON

/// Squirro answers are plain JSON. User objects carry custom keys, so answers are read as values
/// rather than into fixed structs.
typealias SquirroJSON = JSONValue

extension JSONValue {
    /// A Squirro answer; an empty body reads as an empty object, as the SDK reads it.
    static func squirroAnswer(_ bytes: [UInt8]) -> JSONValue? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        return parse(bytes)
    }
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
