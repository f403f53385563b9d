#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RosterYAML
import Testing

/// A large file read in two parts on two cores reads exactly as the whole file: the same nodes at
/// the same places, or, when the cut cannot be trusted, the whole file parsed once.
@Suite struct YAMLPartsTests {
    /// Every node of a document as text: path, kind or scalar, and place. The continued top-level
    /// key of a second part is the same key as in the first, so the parts' lines are comparable
    /// to the whole's once the top-level keys themselves are left out.
    static func lines(_ documents: [YAMLDocument]) -> [String] {
        var out: [String] = []
        func walk(_ node: YAMLNode, _ path: String) {
            switch node.kind {
            case .scalar: out.append("\(path) = \(node.scalar ?? "") @\(node.line):\(node.column)")
            case .mapping:
                out.append("\(path) {} @\(node.line):\(node.column)")
                for entry in node.entries {
                    out.append("\(path)/\(entry.key.scalar ?? "?") key @\(entry.key.line):\(entry.key.column)")
                    walk(entry.value, path + "/" + (entry.key.scalar ?? "?"))
                }
            case .sequence:
                out.append("\(path) [] @\(node.line):\(node.column)")
                for (i, item) in node.items.enumerated() { walk(item, "\(path)[\(i)]") }
            }
        }
        for (part, document) in documents.enumerated() {
            for (i, entry) in document.root.entries.enumerated() {
                // The continued mapping's own node appears once, from the first part.
                if !(part > 0 && i == 0) { out.append("/\(entry.key.scalar ?? "?") at \(entry.value.line):\(entry.value.column) \(entry.value.kind)") }
                for child in entry.value.entries {
                    let path = "/" + (entry.key.scalar ?? "?")
                    out.append("\(path)/\(child.key.scalar ?? "?") key @\(child.key.line):\(child.key.column)")
                    walk(child.value, path + "/" + (child.key.scalar ?? "?"))
                }
            }
        }
        return out
    }

    static func people(_ count: Int, _ person: (Int) -> String) -> String {
        "version: 1\nbackends:\n  b: {type: uyuni, url: sandbox}\npeople:\n" + (0..<count).map(person).joined()
    }

    static let plain = people(400) { i in
        """
          p\(i):
            first_name: Person
            email: p\(i)@example.com
            accounts:
              b: {login: l\(i), roles: [a, b]}

        """
    }

    static let loneCR: String = "# a comment that ends in a lone CR\r" + plain
    static let nextLine: String = people(300) { "  p\($0): {note: \"x\u{85}y\"}\n" }

    /// The loaded parts and the whole, from the same file; threshold 1 cuts any file it can.
    static func both(_ text: String) throws -> (parts: Result<[YAMLDocument], YAMLLoadFailure>, whole: Result<YAMLDocument, YAMLLoadFailure>) {
        let path = "/tmp/roster-parts-\(getpid())-\(UInt64.random(in: 0 ... .max)).yaml"
        try writeFile(path, text)
        defer { removeFile(path) }
        let parts = Result { () throws(YAMLLoadFailure) in try YAMLDocument.loadParts(path: path, threshold: 1) }
        let whole = Result { () throws(YAMLLoadFailure) in try YAMLDocument.load(path: path) }
        return (parts, whole)
    }

    @Test func aLargeMappingIsCutBetweenTwoEntriesAndKeepsItsPlaces() throws {
        let (parts, whole) = try Self.both(Self.plain)
        let documents = try parts.get()
        #expect(documents.count == 2)
        #expect(Self.lines(documents) == Self.lines([try whole.get()]))
        // The second part's first person is where the file has it.
        let first = try #require(documents[1].root["people"]?.entries.first)
        let name = try #require(first.key.scalar)
        #expect(try whole.get().root["people"]?[name] != nil)
        let wholeKey = try #require(try whole.get().root["people"]?.entries.first { $0.key.scalar == name }?.key)
        #expect(first.key.line == wholeKey.line && first.key.column == wholeKey.column)
        #expect(first.key.line > 400)
    }

    @Test(arguments: [
        // Keys after the people: they belong to the second part.
        ("sections after", plain + "resources:\n  b:\n    system_groups: {web: {}}\n"),
        // Comments at column 1 and blank lines between people.
        ("comments", people(300) { "# person \($0)\n  p\($0):\n    email: e\($0)@example.com\n\n" }),
        // Block scalars and multi-line flow collections inside people.
        ("block scalars", people(300) { "  p\($0):\n    note: |\n      line one\n      p\($0)x: not a key\n    accounts: {b: {roles: [a,\n      b]}}\n" }),
        // Anchors used within one person only.
        ("local anchors", people(300) { "  p\($0):\n    accounts: {b: &a\($0) {login: l\($0)}, c: *a\($0)}\n" }),
        // Windows line ends.
        ("CRLF", plain.replacingOccurrences(of: "\n", with: "\r\n")),
        // Quoted keys and values inside people (a person's own key is plain, where the cut is).
        ("quoted", people(300) { "  p\($0):\n    \"first_name\": 'Ann: \($0)'\n    email: \"e\\n\($0)\"\n" }),
    ])
    func everyShapeReadsAsTheWholeFile(name: String, text: String) throws {
        let (parts, whole) = try Self.both(text)
        let documents = try parts.get()
        #expect(documents.count == 2, "\(name)")
        #expect(Self.lines(documents) == Self.lines([try whole.get()]), "\(name)")
    }

    static let untrustworthy: [(String, String)] = [
        // An alias in the second half to an anchor of the first.
        ("alias across", "version: 1\ndefaults: &d {state: active}\npeople:\n" + (0..<300).map { "  p\($0): {<<: *d, email: e\($0)@example.com}\n" }.joined()),
        // A flow mapping across the middle.
        ("flow across", "people: {" + (0..<300).map { "\n  p\($0): {email: e\($0)@example.com}," }.joined() + "\n  last: {}}\n"),
        // Line breaks libyaml counts that a count of LFs would not: a lone CR, a NEL.
        ("lone CR", loneCR),
        ("NEL", nextLine),
        // A quoted text across the middle.
        ("quoted across", "people:\n  a: {note: \"" + (0..<300).map { "\n  p\($0): x" }.joined() + "\"}\n"),
    ]

    @Test(arguments: untrustworthy)
    func aCutThatCannotBeTrustedReadsTheWholeFile(name: String, text: String) throws {
        let (parts, whole) = try Self.both(text)
        let documents = try parts.get()
        #expect(documents.count == 1, "\(name)")
        #expect(Self.lines(documents) == Self.lines([try whole.get()]), "\(name)")
    }

    @Test func aDuplicateAcrossTheCutIsTheWholeFilesError() throws {
        let text = Self.people(400) { "  p\($0 == 399 ? 0 : $0): {email: e\($0)@example.com}\n" }
        let (parts, whole) = try Self.both(text)
        guard case .failure(let wholeError) = whole, case .failure(let partsError) = parts else {
            Issue.record("a duplicate key was accepted")
            return
        }
        #expect(partsError.errors.map(\.description) == wholeError.errors.map(\.description))
        #expect(wholeError.errors.first?.message == "duplicate key 'p0'")
    }

    @Test func anErrorAfterTheCutIsPlacedAsInTheWholeFile() throws {
        let text = Self.plain + "  broken: [a, b\n"
        let (parts, whole) = try Self.both(text)
        guard case .failure(let wholeError) = whole, case .failure(let partsError) = parts else {
            Issue.record("a syntax error was accepted")
            return
        }
        #expect(partsError.errors.map(\.description) == wholeError.errors.map(\.description))
    }

    @Test func aSmallFileIsReadWhole() throws {
        let path = "/tmp/roster-parts-small-\(getpid()).yaml"
        try writeFile(path, Self.plain)
        defer { removeFile(path) }
        #expect(try YAMLDocument.loadParts(path: path).count == 1)
    }
}
