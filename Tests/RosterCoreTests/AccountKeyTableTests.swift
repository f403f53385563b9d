import RosterCore
import RosterYAML
import Testing

/// The table of account keys: reading a mapping by it, and the schema and page text it makes.
@Suite struct AccountKeyTableTests {
    static let table = AccountKeyTable(type: "demo", schemaName: "demoAccount", [
        AccountKey("login", .string, doc: "The login."),
        AccountKey("level", .integer(minimum: 1), sets: "level", default: 1, read: .table, doc: "A level."),
        AccountKey("kind", .choice(["a", "b"]), sets: "kind", read: .table, doc: "A kind | or not."),
        AccountKey("tags", .stringList, sets: "tags", complete: true, read: .table, doc: "Tags."),
        AccountKey("roles", .choiceMap(["r", "w"]), complete: true, doc: "Roles by name."),
    ])

    static func read(_ yaml: String) throws -> (AccountValues, [String], [Diagnostic]) {
        let node = try YAMLDocument.parse(yaml, file: "a.yaml").root
        let bag = DiagnosticBag()
        var given: [String] = []
        let reader = ValueReader(bag: bag, environment: [:], baseDirectory: "/")
        let values = table.read(node, person: "ann", backend: "demo1", reader: reader) { key, _ in given.append(key.name) }
        return (values, given, bag.diagnostics)
    }

    @Test func simpleKeysBecomeAttributesWithTheirPlacesAndTheRestGoToTheProvider() throws {
        let (values, given, problems) = try Self.read("roles: {x: r}\nlevel: 3\nlogin: ann1\ntags: [b, a]\nkind: b\n")
        #expect(problems.isEmpty)
        #expect(values.attributes == ["level": 3, "tags": .set(["a", "b"]), "kind": "b"])
        #expect(given == ["roles", "login"])
        #expect(values.location("level") == SourceLocation(file: "a.yaml", line: 2, column: 8))
        #expect(values.location("login") == SourceLocation(file: "a.yaml", line: 3, column: 8))
        #expect(values.location("comment") == nil)
    }

    @Test func wrongValuesAndUnknownKeysAreErrorsAtTheirPlace() throws {
        let (values, _, problems) = try Self.read("level: 0\nkind: c\nlevle: 2\ntags: x\n")
        #expect(values.attributes.isEmpty)
        #expect(problems.map { "\($0.location!): \($0.message)" } == [
            "a.yaml:1:8: 'level' must be at least 1",
            "a.yaml:2:7: 'kind' must be one of a, b, not 'c'",
            "a.yaml:3:1: unknown key 'levle' in the 'demo1' account of 'ann' (type demo)",
            "a.yaml:4:7: 'tags' must be a list of strings",
        ])
        #expect(problems.count == 4 && problems[2].notes.map(\.message) == ["did you mean 'level'?"])
    }

    @Test func theSchemaDefinitionIsMadeFromTheRows() {
        let text = AccountKeyTable(type: "demo", schemaName: "demoAccount", [Self.table.keys[1], Self.table.keys[4]])
            .schemaDefinition.text()
        #expect(text == """
            {
              "type": [
                "object",
                "null"
              ],
              "additionalProperties": false,
              "properties": {
                "level": {
                  "description": "A level.",
                  "type": "integer",
                  "minimum": 1
                },
                "roles": {
                  "description": "Roles by name.",
                  "type": "object",
                  "additionalProperties": {
                    "enum": [
                      "r",
                      "w"
                    ]
                  }
                },
                "until": {
                  "description": "The account's last day; afterwards it is removed (a person's account only).",
                  "$ref": "#/$defs/date"
                }
              }
            }
            """)
    }

    @Test func theDefinitionAndThePageTableReplaceOnlyTheirOwnPart() {
        let schema = "{\n  \"$defs\": {\n    \"demoAccount\": {\n      \"old\": true\n    },\n    \"other\": {}\n  }\n}"
        let spliced = Self.table.spliced(intoSchema: schema)
        #expect(spliced?.hasPrefix("{\n  \"$defs\": {\n    \"demoAccount\": {\n      \"type\": [") == true)
        #expect(spliced?.hasSuffix("    },\n    \"other\": {}\n  }\n}") == true)
        #expect(AccountKeyTable(type: "x", schemaName: "xAccount", []).spliced(intoSchema: schema) == nil)

        let page = "# Demo\n\n\(AccountKeyTable.docsBegin)\nold\n\(AccountKeyTable.docsEnd)\nafter\n"
        let lines = Self.table.spliced(intoPage: page)?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.first == "# Demo" && lines.last == "after")
        #expect(lines.contains("| `level` | integer, 1 or more | `level` | `1` | A level. |"))
        #expect(lines.contains("| `kind` | one of a, b | `kind` |  | A kind \\| or not. |"))
        #expect(lines.contains("| `tags` | list of names (complete) | `tags` |  | Tags. |"))
        #expect(!lines.contains("old"))
        #expect(Self.table.spliced(intoPage: "# Demo\n") == nil)
    }

    @Test func aStaleFileIsShownByItsFirstDifferentLine() {
        #expect(AccountKeyFiles.difference("a\nb\nc", "a\nb\nc") == nil)
        #expect(AccountKeyFiles.difference("a\nb\nc", "a\nx\nc") == "line 2: checked in b, made x")
        #expect(AccountKeyFiles.difference("a", "a\nb") == "line 2: checked in (end of file), made b")
    }
}
