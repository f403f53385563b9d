import Testing
@testable import RosterYAML

/// Testing has a `SourceLocation` of its own.
private typealias Location = RosterYAML.SourceLocation

/// Locations keep line and column in 32 bits: the values round-trip, huge ones are clamped, and
/// order and equality are those of (file, line, column).
@Suite struct SourceLocationTests {
    @Test func lineAndColumnRoundTrip() {
        var location = Location(file: "a.yaml", line: 12, column: 7)
        #expect(location.line == 12 && location.column == 7)
        location.line = 40
        location.column += 1
        #expect(location.description == "a.yaml:40:8")
        #expect(MemoryLayout<Location>.size == 24)
    }

    @Test func hugeNumbersAreClamped() {
        let location = Location(file: "a.yaml", line: Int(Int32.max) + 10, column: 3)
        #expect(location.line == Int(Int32.max))
        #expect(location.column == 3)
    }

    @Test func orderAndEquality() {
        let a = Location(file: "a.yaml", line: 2, column: 9)
        let b = Location(file: "a.yaml", line: 10, column: 1)
        let c = Location(file: "b.yaml", line: 1, column: 1)
        #expect(a < b && b < c && !(b < a))
        #expect(a == Location(file: "a.yaml", line: 2, column: 9))
        #expect(a != Location(file: "a.yaml", line: 2, column: 8))
    }
}
