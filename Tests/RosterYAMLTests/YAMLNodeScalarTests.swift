import Testing
import RosterYAML

@Suite struct YAMLNodeScalarTests {
    private func node(_ value: String) throws -> YAMLNode {
        try #require(try load("v: \(value)\n").root["v"])
    }

    @Test func plainBooleansAndTheirQuotedStrings() throws {
        for text in ["true", "True", "TRUE"] { #expect(try node(text).bool == true, "\(text)") }
        for text in ["false", "False", "FALSE"] { #expect(try node(text).bool == false, "\(text)") }
        for text in ["yes", "no", "on", "tRue", "1", "\"true\"", "'false'"] { #expect(try node(text).bool == nil, "\(text)") }
        let quoted = try node("\"true\"")
        #expect(quoted.scalar == "true")
        #expect(!quoted.isPlain)
        #expect(try node("true").isPlain)
    }

    @Test func nullForms() throws {
        for text in ["", "~", "null", "Null", "NULL", "!!null x"] { #expect(try node(text).isNull, "\(text)") }
        for text in ["nul", "NuLL", "\"\"", "'~'", "\"null\"", "0"] { #expect(try node(text).isNull == false, "\(text)") }
    }

    @Test func integers() throws {
        let cases: [(String, Int?)] = [
            ("0", 0), ("42", 42), ("-17", -17), ("+8", 8), ("007", 7),
            ("0x1F", 31), ("0xff", 255), ("0o17", 15), ("0o", nil), ("0x", nil), ("0o8", nil), ("-0x1", nil),
            ("9223372036854775807", .max), ("-9223372036854775808", .min),
            ("9223372036854775808", nil), ("-9223372036854775809", nil), ("0x8000000000000000", nil),
            ("99999999999999999999", nil), ("1_000", nil), ("1.0", nil), ("12a", nil), ("+", nil), ("--1", nil),
            ("\"1\"", nil), ("'42'", nil), ("!!int \"42\"", 42), ("!!str 42", nil),
        ]
        for (text, expected) in cases { #expect(try node(text).int == expected, "\(text)") }
    }

    @Test func doubles() throws {
        let cases: [(String, Double?)] = [
            ("1.5", 1.5), ("-2e3", -2000), ("+.5", 0.5), ("1.", 1), ("3", 3), ("0x10", 16), ("1E-2", 0.01),
            (".inf", .infinity), ("-.Inf", -.infinity), ("+.INF", .infinity),
            ("1.2.3", nil), ("e3", nil), ("1e", nil), (".", nil), ("inf", nil), ("\"1.5\"", nil), ("1,5", nil),
        ]
        for (text, expected) in cases { #expect(try node(text).double == expected, "\(text)") }
        #expect(try node(".nan").double?.isNaN == true)
        #expect(try node("NaN").double == nil)
    }

    @Test func tagsAreResolvedByLibyaml() throws {
        let document = try load("a: !!str 1\nb: ! 2\nc: 3\nd: !custom {x: 1}\n")
        #expect(document.root["a"]?.tag == "tag:yaml.org,2002:str")
        #expect(document.root["a"]?.scalar == "1")
        #expect(document.root["a"]?.int == nil)
        #expect(document.root["b"]?.tag == "!")
        #expect(document.root["b"]?.int == nil)
        #expect(document.root["c"]?.tag == nil)
        #expect(document.root["c"]?.int == 3)
        #expect(document.root["d"]?.tag == "!custom")
        #expect(document.root["d"]?["x"]?.int == 1)
    }

    @Test func scalarStylesKeepTheirText() throws {
        let document = try load("plain: a b\nsingle: 'it''s'\ndouble: \"tab\\there \\u00e9\"\nfolded: >\n  one\n  two\n")
        #expect(document.root["plain"]?.scalar == "a b")
        #expect(document.root["single"]?.scalar == "it's")
        #expect(document.root["double"]?.scalar == "tab\there é")
        #expect(document.root["folded"]?.scalar == "one two\n")
        #expect(document.root["folded"]?.isPlain == false)
    }

    @Test func repeatedScalarsStayDistinctNodes() throws {
        let document = try load("- active\n- active\n- inactive\n- active\n")
        let items = document.root.items
        #expect(items.map(\.scalar) == ["active", "active", "inactive", "active"])
        #expect(items.map(\.line) == [1, 2, 3, 4])
    }
}
