/// A piece of JSON Schema with its keys in the order written, printed as `schemas/` holds it
/// (two spaces a level, one array item or property a line).
public indirect enum SchemaValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([SchemaValue])
    case object([Property])

    public struct Property: Sendable, Equatable {
        public var name: String
        public var value: SchemaValue
        public init(_ name: String, _ value: SchemaValue) {
            self.name = name
            self.value = value
        }
    }

    /// An object of these properties in this order.
    public static func map(_ properties: KeyValuePairs<String, SchemaValue>) -> SchemaValue {
        .object(properties.map { Property($0.key, $0.value) })
    }

    public static func strings(_ items: [String]) -> SchemaValue { .array(items.map(SchemaValue.string)) }

    /// `{"$ref": "#/$defs/NAME"}`.
    public static func reference(_ name: String) -> SchemaValue { .map(["$ref": .string("#/$defs/" + name)]) }

    /// The JSON text, its first line unindented and later lines `indent` spaces in.
    public func text(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent), inner = pad + "  "
        switch self {
        case .string(let text): return Self.quoted(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.text(indent: indent + 2) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let properties):
            if properties.isEmpty { return "{}" }
            return "{\n" + properties.map { inner + Self.quoted($0.name) + ": " + $0.value.text(indent: indent + 2) }
                .joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
