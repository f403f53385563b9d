import Foundation
import RosterCore
import Testing

/// What nests too deep never reaches Foundation's JSON reader, which traps on 513 `[` (found by
/// fuzz-json) instead of throwing.
@Suite struct JSONNestingTests {
    static func nested(_ depth: Int, _ open: String = "[", _ close: String = "]") -> Data {
        Data((String(repeating: open, count: depth) + String(repeating: close, count: depth)).utf8)
    }

    @Test func depthIsCountedOutsideStrings() {
        #expect(!JSONNesting.tooDeep(Self.nested(JSONNesting.limit)))
        #expect(JSONNesting.tooDeep(Self.nested(JSONNesting.limit + 1)))
        #expect(JSONNesting.tooDeep(Self.nested(JSONNesting.limit + 1, "{\"a\":", "}")))
        let inString = Data(("[\"" + String(repeating: "[{", count: 1000) + "\\\"]\"]").utf8)
        #expect(!JSONNesting.tooDeep(inString))
    }

    struct Page: Decodable { var items: [Int] }

    @Test func decodeRefusesWhatFoundationWouldTrapOn() {
        for input in [String(repeating: "[", count: 513), String(repeating: "[", count: 100_000)] {
            #expect(throws: JSONNesting.TooDeep.self) { try JSONNesting.decode(Page.self, from: Data(input.utf8)) }
        }
        #expect((try? JSONNesting.decode(Page.self, from: Data(#"{"items": [1, 2]}"#.utf8)))?.items == [1, 2])
    }
}
