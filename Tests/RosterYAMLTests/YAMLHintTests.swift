import RosterYAML
import Testing

/// A tab and a line that does not line up, the two mistakes a new operator makes most, are told
/// in roster's words with what to do, instead of libyaml's raw message.
@Suite struct YAMLHintTests {
    @Test func aTabInTheIndentationIsNamedWithItsFix() throws {
        let found = errors("people:\n\talice: {email: a@x}\n")
        let error = try #require(found.first)
        #expect(error.message == "tab character: YAML indents with spaces only")
        #expect(error.place == "2:1")
        #expect(error.notes.map(\.message) == ["replace the tab with spaces (2 for each level)"])
        #expect(!error.description.contains("cannot start any token"))
    }

    @Test func aTabAfterSpacesPointsAtTheTab() throws {
        let found = errors("people:\n  alice:\n  \temail: a@x\n")
        let error = try #require(found.first)
        #expect(error.message == "tab character: YAML indents with spaces only", "\(error)")
        #expect(error.place == "3:3")
    }

    @Test func aKeyIndentedDeeperThanItsSiblingsIsAnIndentationError() throws {
        let found = errors("people:\n  alice:\n    email: a@x\n      state: active\n")
        let error = try #require(found.first)
        #expect(error.message == "indentation error: this line does not line up with the lines above", "\(error)")
        #expect(error.location.line == 4)
        #expect(error.notes.first?.message == "indent a key exactly as its siblings; a value that holds ': ' needs quotes")
        #expect(!error.description.contains("mapping values are not allowed"))
    }

    @Test func aKeyIndentedShallowerThanItsMappingPointsAtTheMappingsStart() throws {
        let found = errors("people:\n  alice:\n    email: a@x\n   state: active\n")
        let error = try #require(found.first)
        #expect(error.message == "indentation error: this line does not line up with the lines above", "\(error)")
        #expect(error.location.line == 4)
        #expect(error.notes.map(\.message).contains("the block it should line up with starts here"), "\(error)")
    }

    @Test func otherSyntaxErrorsKeepLibyamlsMessage() {
        let found = errors("a: 1\nb: [1, 2\nc: 3\n")
        #expect(found.map(\.message) == ["did not find expected ',' or ']'"])
    }
}
