import Foundation
import RosterJSON
import RosterTestSupport
import Testing

/// `JSONValue.parse` reads what Foundation's decoder reads, the same way, refuses what is not JSON,
/// and caps nesting.
@Suite struct JSONParserTests {
    /// What Foundation's decoder makes of the same bytes, through `JSONValue`'s `Decodable`.
    static func foundation(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Whether the bytes are refused (`== nil` would compare with `JSONValue.null`, a nil literal).
    static func refused(_ bytes: [UInt8]) -> Bool {
        if case .none = JSONValue.parse(bytes) { return true }
        return false
    }

    @Test(arguments: [
        #"{"a": [1, -2, 0, -0, 1.5, -0.25, 1e3, 2E-2, 1.0, 9223372036854775807], "b": {"c": null}}"#,
        #"[true, false, null, "", "x", [], {}, [[]], {"k": {}}]"#,
        #"  {"esc": "q\"b\\s\/n\nr\rt\tb\bf\f", "u": "\u00e9\u20ac\ud83d\ude00", "raw": "é€😀"}  "#,
        #"{"dup": 1, "dup": 2}"#,
        #""just a string""#, "42", "-3.5", "true", "null",
        #"{"big": 9223372036854775808, "small": -9223372036854775809, "tiny": 5e-324}"#,
    ])
    func readsWhatFoundationReads(text: String) throws {
        let ours = JSONValue.parse(Array(text.utf8))
        #expect(!Self.refused(Array(text.utf8)), "refused: \(text)")
        #expect(ours == Self.foundation(text), "\(String(describing: ours)) vs \(String(describing: Self.foundation(text)))")
    }

    @Test(arguments: [
        "", " ", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "NaN", "[Infinity]", "[1e400]",
        "{\"a\" 1}", "{a: 1}", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"tab\there\"]",
        "[1] [2]", "[1", "{\"a\":", "\"open", "tru", "nul", "[true false]", "{\"a\":1 \"b\":2}",
    ])
    func refusesWhatIsNotJSON(text: String) {
        #expect(Self.refused(Array(text.utf8)), "read: \(text)")
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(Self.refused(Array("[\"caf".utf8) + [0xE9] + Array("\"]".utf8)))
        #expect(Self.refused([0x5B, 0xFF, 0x5D]))
        #expect(JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.int(1)]))
    }

    @Test func nestingIsCappedAt512() {
        func nested(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        }
        #expect(!Self.refused(nested(512)))
        #expect(Self.refused(nested(513)))
        #expect(Self.refused(Array(String(repeating: "{\"a\":", count: 1_000_000).utf8)))
    }

    /// Random values survive encoding and reading back, over many seeded rounds.
    @Test func randomValuesRoundTrip() {
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<500 {
            let value = Self.random(depth: 0, &generator)
            #expect(JSONValue.parse(value.encoded) == value, "\(value)")
        }
    }

    /// What `encoded` writes reads back as Foundation's encoder's text does, and is compact with
    /// sorted keys: escapes, slashes, non-ASCII, numbers.
    @Test func encodedIsFoundationsJSON() throws {
        let value: JSONValue = .object([
            "z": .array([.int(-3), .double(1.5), .double(2), .bool(true), .null]),
            "a/b": .string("quote \" backslash \\ slash / tab \t line \n bell \u{07} é ☃ 😀"),
            "m": .object(["y": .string(""), "b": .object([:])]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = Array(try encoder.encode(value))
        #expect(JSONValue.parse(value.encoded) == JSONValue.parse(foundation))
        // A whole double is written as Foundation writes it (`2`), so it reads back as an int.
        #expect(JSONValue.parse(value.encoded)?["z"]?.array?[2] == .int(2))
        let text = String(decoding: value.encoded, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a/b":"quote \" backslash \\ slash / tab \t line \n bell \u0007 é"#), "\(text)")
        #expect(text.hasSuffix(#""m":{"b":{},"y":""},"z":[-3,1.5,2,true,null]}"#), "\(text)")
    }

    static func random(depth: Int, _ g: inout SeededGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &g)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &g))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &g) + 0.5)
        case 4:
            let scalars = (0..<Int.random(in: 0..<8, using: &g)).map { _ in
                Unicode.Scalar(UInt32([0x22, 0x5C, 0x0A, 0x41, 0xE9, 0x1F600, 0x7F, 0x2F].randomElement(using: &g)!))!
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 5: return .array((0..<Int.random(in: 0..<4, using: &g)).map { _ in random(depth: depth + 1, &g) })
        default:
            var members: [String: JSONValue] = [:]
            for i in 0..<Int.random(in: 0..<4, using: &g) { members["k\(i)"] = random(depth: depth + 1, &g) }
            return .object(members)
        }
    }
}
