/// The config schema's account definitions, made from the tables.
extension AccountKeyTable {
    /// The account's definition under the schema's `$defs`: a mapping (or nothing) of the table's
    /// keys and `until`, and no other.
    public var schemaDefinition: SchemaValue {
        .map([
            "type": .strings(["object", "null"]),
            "additionalProperties": .bool(false),
            "properties": .object((keys + [.until]).map { SchemaValue.Property($0.name, $0.schemaValue) }),
        ])
    }

    /// `schema` (the checked-in file's text) with this table's definition in place of the one it
    /// holds; nil when the file has no definition of that name.
    public func spliced(intoSchema schema: String) -> String? {
        var lines = schema.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let opening = "    \"\(schemaName)\": {"
        guard let start = lines.firstIndex(of: opening),
              let end = lines[start...].firstIndex(where: { $0 == "    }" || $0 == "    }," }) else { return nil }
        let comma = lines[end].hasSuffix(",") ? "," : ""
        let text = "    \"\(schemaName)\": " + schemaDefinition.text(indent: 4) + comma
        lines.replaceSubrange(start...end, with: [text])
        return lines.joined(separator: "\n")
    }
}

extension AccountKey {
    /// The key's schema: its doc, then what its type allows.
    public var schemaValue: SchemaValue {
        var properties = [SchemaValue.Property("description", .string(doc))]
        if let schema, case .object(let more) = schema {
            properties += more
        } else if let schemaReference, !isMap {
            properties.append(.init("$ref", .string("#/$defs/" + schemaReference)))
        } else {
            properties += typeSchema
        }
        return .object(properties)
    }

    private var isMap: Bool { if case .choiceMap = type { true } else { false } }

    private var typeSchema: [SchemaValue.Property] {
        switch type {
        case .string: return [.init("type", .string("string"))]
        case .integer(let minimum):
            return [.init("type", .string("integer"))] + (minimum.map { [.init("minimum", .int($0))] } ?? [])
        case .boolean: return [.init("type", .string("boolean"))]
        case .secret: return [.init("$ref", .string("#/$defs/secret"))]
        case .choice(let words): return [.init("enum", .strings(words))]
        case .stringList: return [.init("type", .string("array")), .init("items", .map(["type": .string("string")]))]
        case .choiceMap(let words):
            let role = schemaReference.map(SchemaValue.reference) ?? .map(["enum": .strings(words)])
            return [.init("type", .string("object")), .init("additionalProperties", role)]
        case .other:
            preconditionFailure("account key '\(name)' needs a schema or a schema reference")
        }
    }
}
