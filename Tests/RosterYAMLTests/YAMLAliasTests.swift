import RosterTestSupport
import Testing
import RosterYAML

@Suite struct YAMLAliasTests {
    @Test func aliasesShareTheAnchoredNode() throws {
        let marked = MarkedText("""
            base: ⟨1⟩&base {url: ⟨2⟩sandbox, roles: [a, b]}
            name: &name alice
            copy: *base
            who: *name

            """)
        let document = try load(marked.text)
        let copy = try #require(document.root["copy"])
        #expect(copy.kind == .mapping)
        #expect(copy["url"]?.scalar == "sandbox")
        #expect(copy["roles"]?.items.map(\.scalar) == ["a", "b"])
        // An alias is its anchored node: same place, same children.
        #expect(copy.place == marked["1"])
        #expect(copy["url"]?.place == marked["2"])
        #expect(document.root["who"]?.scalar == "alice")
        #expect(document.root["who"]?.line == 2)
    }

    @Test func redefinedAnchorRefersToTheLatest() throws {
        let document = try load("a: &x one\nb: *x\nc: &x two\nd: *x\n")
        #expect(document.root["b"]?.scalar == "one")
        #expect(document.root["d"]?.scalar == "two")
    }

    @Test func unknownAliasFailsAtTheAlias() {
        let found = errors("a: 1\nb: *nope\nc: *other\n")
        #expect(found.map(\.description) == [
            "test.yaml:2:4: error: unknown alias '*nope'",
            "test.yaml:3:4: error: unknown alias '*other'",
        ])
    }

    @Test func aliasInsideItsOwnAnchorFails() {
        let found = errors("a: &loop [1, *loop]\n")
        #expect(found.map(\.message) == ["alias '*loop' refers to a node that contains it"])
        #expect(found.first?.place == "1:14")
    }

    @Test func billionLaughsFailsQuicklyAtTheAlias() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        // 9^10 nodes unexpanded-upon: refused at the limit, which is what bounds the time.
        let found = errors(text)
        #expect(found.count == 1)
        #expect(found.first?.message == "alias expansion exceeds 1000000 nodes")
        // 9 + 9^2 ... nodes: the limit is crossed at level 6, within its list of aliases.
        #expect(found.first?.location.line == 7)
    }

    @Test func aliasesAreNeverCopied() throws {
        // Without a limit, ten levels of nine aliases (9^10 nodes expanded) still load at once.
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n"
        }
        let document = try load(text, limits: YAMLLimits(maxAliasExpansion: .max))
        #expect(document.nodeCount < 200)
        #expect(document.root["a9"]?.items[8].items[0].items[0].place == "7:5")
    }

    @Test func expansionPastIntMaxFailsInsteadOfOverflowing() {
        var text = "a0: &a0 [x, x]\n"
        for level in 1...70 { text += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        let found = errors(text, limits: YAMLLimits(maxAliasExpansion: .max))
        #expect(found.map(\.message) == ["alias expansion exceeds \(Int.max) nodes"])
    }

    @Test func aliasExpansionLimitIsConfigurable() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        // Each alias reaches 4 nodes: the sequence and its three items.
        _ = try load(text, limits: YAMLLimits(maxAliasExpansion: 8))
        let found = errors(text, limits: YAMLLimits(maxAliasExpansion: 7))
        #expect(found.map(\.description) == ["test.yaml:2:9: error: alias expansion exceeds 7 nodes"])
    }
}
