import Foundation
import RosterJSON
import RosterYAML

/// Test JSON is the shared JSON value, readable from YAML nodes too.
public typealias JSON = JSONValue

extension JSONValue {
    public static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// A YAML node as JSON, with YAML 1.2 core typing of plain scalars.
    public init(_ node: YAMLNode) {
        switch node.kind {
        case .mapping: self = .object(Dictionary(node.entries.map { ($0.key.scalar ?? "", JSONValue($0.value)) }) { a, _ in a })
        case .sequence: self = .array(node.items.map(JSONValue.init))
        case .scalar:
            if node.isPlain, node.isNull { self = .null }
            else if node.isPlain, let b = node.bool { self = .bool(b) }
            else if node.isPlain, let i = node.int { self = .int(i) }
            else { self = .string(node.scalar ?? "") }
        }
    }

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// Validates against the subset of JSON Schema 2020-12 that roster's schemas use: $ref to $defs,
/// type, enum, const, properties, required, additionalProperties, items, oneOf, anyOf, minimum.
public struct JSONSchema {
    public let root: JSON

    public init(file: String) throws {
        root = try JSON.parse(try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    public func validate(_ value: JSON) -> [String] { check(value, root, "$") }

    private func check(_ value: JSON, _ schema: JSON, _ path: String) -> [String] {
        guard case .object(let s) = schema else { return [] }
        var errors: [String] = []
        if case .string(let ref)? = s["$ref"] {
            let name = String(ref.dropFirst("#/$defs/".count))
            guard case .object(let root) = root, case .object(let defs)? = root["$defs"], let target = defs[name] else {
                return ["\(path): unresolvable \(ref)"]
            }
            errors += check(value, target, path)
        }
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: allowed = []
            }
            let actual = value.typeName
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                return errors + ["\(path): \(actual) is not \(allowed.joined(separator: " or "))"]
            }
        }
        if case .array(let options)? = s["enum"], !options.contains(value) { errors.append("\(path): not one of the enum") }
        if let constant = s["const"], constant != value { errors.append("\(path): not the constant") }
        if case .int(let minimum)? = s["minimum"], case .int(let i) = value, i < minimum { errors.append("\(path): below \(minimum)") }
        if case .object(let object) = value {
            let properties: [String: JSON]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where object[key] == nil { errors.append("\(path): '\(key)' is required") }
            }
            for (key, item) in object {
                if let schema = properties[key] { errors += check(item, schema, "\(path).\(key)") }
                else if let additional = s["additionalProperties"] {
                    if additional == .bool(false) { errors.append("\(path): '\(key)' is not allowed") }
                    else { errors += check(item, additional, "\(path).\(key)") }
                }
            }
        }
        if case .array(let items) = value, let schema = s["items"] {
            for (i, item) in items.enumerated() { errors += check(item, schema, "\(path)[\(i)]") }
        }
        if case .array(let options)? = s["oneOf"] {
            let passing = options.filter { check(value, $0, path).isEmpty }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf, not exactly 1") }
        }
        if case .array(let options)? = s["anyOf"], !options.contains(where: { check(value, $0, path).isEmpty }) {
            errors.append("\(path): matches none of anyOf")
        }
        return errors
    }
}
