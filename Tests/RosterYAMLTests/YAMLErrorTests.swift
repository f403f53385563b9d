import RosterTestSupport
import Testing
import RosterYAML

@Suite struct YAMLErrorTests {
    @Test func everyDuplicateKeyIsReportedWithItsFirstDefinition() {
        let marked = MarkedText("""
            people:
              alice:
                ⟨1⟩email: a@example.com
                ⟨2⟩email: b@example.com
              bob:
                ⟨3⟩state: active
                ⟨4⟩state: disabled
                ⟨5⟩state: active

            """)
        let found = errors(marked.text, file: "people.yaml")
        #expect(found.map(\.place) == [marked["2"], marked["4"], marked["5"]])
        #expect(found.map(\.message) == ["duplicate key 'email'", "duplicate key 'state'", "duplicate key 'state'"])
        #expect(found.map { $0.notes.map(\.message) } == [["'email' first defined here"], ["'state' first defined here"], ["'state' first defined here"]])
        #expect(found.map { $0.notes.first.map { "\($0.location.line):\($0.location.column)" } } == [marked["1"], marked["3"], marked["3"]])
        #expect(found.first?.description == """
            people.yaml:\(marked["2"]): error: duplicate key 'email'
            people.yaml:\(marked["1"]): note: 'email' first defined here
            """)
    }

    @Test func duplicatesInALargeMappingAreFound() {
        var text = ""
        for i in 0..<1000 { text += "k\(i): \(i)\n" }
        text += "k500: again\nk999: again\n"
        let found = errors(text)
        #expect(found.map(\.message) == ["duplicate key 'k500'", "duplicate key 'k999'"])
        #expect(found.map { $0.notes.first?.location.line } == [501, 1000])
    }

    @Test func longAndQuotedKeysAreComparedByText() {
        let long = String(repeating: "k", count: 100)
        let found = errors("x:\n  \(long): 1\n  b: 2\n  '\(long)': 3\ny:\n  c: 4\n  \"c\": 5\n")
        #expect(found.map(\.message) == ["duplicate key '\(long)'", "duplicate key 'c'"])
        #expect(found.map(\.place) == ["4:3", "7:3"])
    }

    @Test func mergedKeysAreNotDuplicates() throws {
        let document = try load("a: &a {x: 1}\nb: {x: 2, <<: *a}\n")
        // No duplicate-key error, and the explicit key wins over the merged one.
        #expect(document.root["b"]?["x"]?.int == 2)
        #expect(document.root["b"]?.count == 1)
    }

    @Test func syntaxErrorHasLibyamlsPlaceAndProblem() {
        let found = errors("a: 1\nb: [1, 2\nc: 3\n")
        #expect(found.map(\.description) == [
            "test.yaml:3:2: error: did not find expected ',' or ']'\ntest.yaml:2:4: note: while parsing a flow sequence",
        ])
    }

    @Test func errorsBeforeASyntaxErrorAreKept() {
        let found = errors("a: 1\na: 2\nb: *missing\nc: [\n")
        #expect(found.map(\.message) == ["duplicate key 'a'", "unknown alias '*missing'", "did not find expected node content"])
        #expect(found.map(\.place) == ["2:1", "3:4", "5:1"])
    }

    @Test func nonScalarKeysFail() {
        let found = errors("? [a, b]\n: 1\n? {c: d}\n: 2\nok: 3\n")
        #expect(found.map(\.description) == [
            "test.yaml:1:3: error: mapping keys must be scalars",
            "test.yaml:3:3: error: mapping keys must be scalars",
        ])
        let aliased = errors("a: &m {x: 1}\nb: {*m : 2}\n")
        #expect(aliased.map(\.description) == ["test.yaml:2:5: error: mapping keys must be scalars"])
    }

    @Test func deepNestingFailsAtTheNodePastTheLimit() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let found = errors(text)
        #expect(found.map(\.description) == ["test.yaml:1:257: error: nesting exceeds 256 levels"])
        let nested = "a:\n  b:\n    c: [1]\n"
        #expect(errors(nested, limits: YAMLLimits(maxDepth: 3)).map(\.place) == ["3:8"])
        #expect(errors(nested, limits: YAMLLimits(maxDepth: 4)).isEmpty)
    }

    @Test func invalidUTF8IsReportedAtTheBadByte() {
        let found = errors(bytes: Array("name: caf".utf8) + [0xE9, 0x20, 0x6F, 0x6B, 0x0A])
        #expect(found.map(\.description) == [
            "test.yaml:1:10: error: invalid UTF-8 byte '0xE9'\ntest.yaml:1:10: note: invalid trailing UTF-8 octet; the file must be UTF-8 encoded",
        ])
        let leading = errors(bytes: Array("a: 1\nb: ".utf8) + [0xFF, 0x0A])
        #expect(leading.map(\.message) == ["invalid UTF-8 byte '0xFF'"])
        #expect(leading.map(\.place) == ["2:4"])
        let truncated = errors(bytes: Array("a: ".utf8) + [0xE2, 0x82])
        #expect(truncated.map(\.message) == ["invalid UTF-8 byte '0xE2'"])
        #expect(errors(bytes: Array("a: \u{7}\n".utf8)).map(\.message) == ["control character 'U+0007' is not allowed"])
    }

    @Test func invalidUTF8InAFileIsPlaced() throws {
        let path = "/tmp/roster-yaml-test-\(UInt32.random(in: 0...UInt32.max)).yaml"
        var text = ""
        for i in 0..<5000 { text += "k\(i): v\n" }
        try writeFile(path, text + "bad: \u{1}\n")
        defer { removeFile(path) }
        do {
            _ = try YAMLDocument.load(path: path)
            Issue.record("loaded a file with a control character")
        } catch {
            #expect(error.errors.map(\.description) == ["\(path):5001:6: error: control character 'U+0001' is not allowed"])
        }
    }

    @Test func secondDocumentFailsAtItsStart() {
        #expect(errors("a: 1\n---\nb: 2\n").map(\.description) == ["test.yaml:2:1: error: multiple documents are not supported"])
        #expect(errors("--- a\n...\n--- b\n").map(\.place) == ["3:1"])
    }

    @Test func errorsComeInFileOrder() {
        let found = errors("outer:\n  x: 1\n  x: 2\ny: *nope\nouter: 3\n")
        #expect(found.map(\.place) == ["3:3", "4:4", "5:1"])
    }
}
