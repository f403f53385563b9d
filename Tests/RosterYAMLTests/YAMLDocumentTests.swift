import RosterTestSupport
import Testing
@testable import RosterYAML

@Suite struct YAMLDocumentTests {
    @Test func nodesKeepTheirPositions() throws {
        let marked = MarkedText("""
            ⟨1⟩people:
              ⟨2⟩alice:
                email: ⟨3⟩alice@example.com
                roles: ⟨4⟩[⟨5⟩admin, ⟨6⟩"ops"]
                note: ⟨7⟩|
                  text
              ⟨8⟩bob: ⟨9⟩{}

            """)
        let document = try load(marked.text, file: "people.yaml")
        let root = document.root
        #expect(root.kind == .mapping)
        #expect(root.place == marked["1"])
        let people = try #require(root["people"])
        #expect(people.entries.first?.key.place == marked["2"])
        let alice = try #require(people["alice"])
        #expect(alice["email"]?.place == marked["3"])
        #expect(alice["email"]?.location.description == "people.yaml:\(marked["3"])")
        let roles = try #require(alice["roles"])
        #expect(roles.kind == .sequence)
        #expect(roles.place == marked["4"])
        #expect(roles.items.map(\.place) == [marked["5"], marked["6"]])
        #expect(alice["note"]?.place == marked["7"])
        #expect(alice["note"]?.scalar == "text\n")
        #expect(people.entries.last?.key.place == marked["8"])
        #expect(people["bob"]?.place == marked["9"])
        #expect(people["bob"]?.kind == .mapping)
        #expect(people["bob"]?.count == 0)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let marked = MarkedText("näme: ⟨1⟩wert\n")
        let document = try load(marked.text)
        #expect(document.root["näme"]?.place == marked["1"])
    }

    @Test func entriesAndItemsKeepDocumentOrder() throws {
        let document = try load("z: 1\na: 2\nm: [x, y, z]\n")
        #expect(document.root.entries.map { $0.key.scalar } == ["z", "a", "m"])
        #expect(document.root["m"]?.items.map(\.scalar) == ["x", "y", "z"])
        #expect(document.root.count == 3)
        #expect(document.root["m"]?.count == 3)
        #expect(document.root["missing"] == nil)
    }

    @Test func collectionAccessorsAreEmptyOnScalars() throws {
        let document = try load("a: text\n")
        let scalar = try #require(document.root["a"])
        #expect(scalar.count == 0)
        #expect(scalar.entries.isEmpty)
        #expect(scalar.items.isEmpty)
        #expect(scalar["a"] == nil)
        #expect(document.root.scalar == nil)
        #expect(document.root.isNull == false)
    }

    @Test(arguments: ["", "\n", "# only a comment\n"])
    func emptyFileIsANullScalar(text: String) throws {
        let root = try load(text).root
        #expect(root.kind == .scalar)
        #expect(root.isNull)
        #expect(root.scalar == "")
        #expect(root.place == "1:1")
    }

    @Test func emptyDocumentIsANullScalar() throws {
        let root = try load("---\n").root
        #expect(root.isNull)
        #expect(root.kind == .scalar)
    }

    @Test func tenThousandKeysAreFoundByKey() throws {
        var text = "big:\n"
        for i in 0..<10_000 { text += "  key\(i): \(i)\n" }
        let big = try #require(try load(text).root["big"])
        #expect(big.count == 10_000)
        for i in 0..<10_000 {
            #expect(big["key\(i)"]?.int == i)
        }
        #expect(big["key10000"] == nil)
        #expect(big["key"] == nil)
        #expect(big.entries[1234].key.scalar == "key1234")
        #expect(big.entries[1234].value.line == 1236)
    }

    @Test func loadsFromAFile() throws {
        let path = "/tmp/roster-yaml-test-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try writeFile(path, "a: 1\nb: [x, y]\n")
        defer { removeFile(path) }
        let document = try YAMLDocument.load(path: path)
        #expect(document.file == path)
        #expect(document.root["b"]?.items.count == 2)
        #expect(document.root["b"]?.location.description == "\(path):2:4")
        // stream, document, mapping start, 2 keys, a: 1, sequence start, x, y, 2 ends, document, stream ends.
        #expect(try YAMLScan.countEvents(path: path) == 13)
    }

    @Test func missingFileFailsAtItsFirstLine() {
        let path = "/nonexistent/roster.yaml"
        #expect {
            _ = try YAMLDocument.load(path: path)
        } throws: { error in
            guard let failure = error as? YAMLLoadFailure, let first = failure.errors.first else { return false }
            return failure.errors.count == 1
                && first.location == SourceLocation(file: path, line: 1, column: 1)
                && first.message == "cannot open file: No such file or directory"
        }
        #expect(throws: YAMLLoadFailure.self) { try YAMLScan.countEvents(path: path) }
    }

    @Test func fileLargerThanTheLimitIsRefused() throws {
        let path = "/tmp/roster-yaml-test-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try writeFile(path, String(repeating: "# padding\n", count: 100))
        defer { removeFile(path) }
        let limits = YAMLLimits(maxFileSize: 999)
        do {
            _ = try YAMLDocument.load(path: path, limits: limits)
            Issue.record("a 1000-byte file loaded with a 999-byte limit")
        } catch {
            #expect(error.errors.map(\.description) == ["\(path):1:1: error: file is larger than the limit of 999 bytes"])
        }
        _ = try YAMLDocument.load(path: path, limits: YAMLLimits(maxFileSize: 1000))
        // A device has no size to check up front: it is cut off while read.
        do {
            _ = try YAMLDocument.load(path: "/dev/zero", limits: limits)
            Issue.record("read past the limit from a device")
        } catch {
            #expect(error.errors.map(\.description) == ["/dev/zero:1:1: error: file is larger than the limit of 999 bytes"])
        }
        #expect(errors(bytes: Array(repeating: 0x20, count: 1000), limits: limits).map(\.message) == ["file is larger than the limit of 999 bytes"])
    }
}
