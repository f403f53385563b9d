import Foundation
@testable import RosterCore
import RosterTestSupport
import RosterYAML
import Testing

/// The pieces a pull-request plan is made of, each on its own: the `backends:` block read alone,
/// which people a change touches, and the live objects as a plan leaves them (for the rails).
@Suite struct PullRequestPiecesTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    static func block(_ text: String) -> String? {
        guard case .block(let bytes) = ConfigLoader.backendsBlock(Array(text.utf8)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theBackendsBlockIsCutOutByItsLines() {
        let text = "version: 1\n# backends: not this one\nbackends:   # the systems\n  mem: {type: memory, url: sandbox}\n\n"
            + "  # a comment inside\n  other:\n    type: memory\npeople:\n  a: {}\n"
        #expect(Self.block(text) == "backends:   # the systems\n  mem: {type: memory, url: sandbox}\n\n  # a comment inside\n"
            + "  other:\n    type: memory\n")
        #expect(Self.block("backends:\n  mem: {type: memory}") == "backends:\n  mem: {type: memory}")
        #expect(Self.block("version: 1\npeople: {}\nbackends:\r\n  m: {}\r\n") == "backends:\r\n  m: {}\r\n")
        #expect(ConfigLoader.backendsBlock(Array("version: 1\npeople: {}\n".utf8)) == .none)
        // Not plainly cut out: a flow mapping, a second block, a key spelled otherwise.
        #expect(ConfigLoader.backendsBlock(Array("backends: {mem: {type: memory}}\n".utf8)) == .ambiguous)
        #expect(ConfigLoader.backendsBlock(Array("backends:\n  a: {}\npeople: {}\nbackends:\n  b: {}\n".utf8)) == .ambiguous)
        #expect(ConfigLoader.backendsBlock(Array("backends : \n  a: {}\n".utf8)) == .block(Array("backends : \n  a: {}\n".utf8)))
        #expect(ConfigLoader.backendsBlock(Array("backends_x:\n  a: {}\n".utf8)) == .ambiguous)
    }

    @Test func backendsReadAloneAreTheFullLoadsOrNothing() throws {
        let scratch = TempFolder()
        let loader = ConfigLoader(registry: registry, environment: [:])
        let file = scratch.write("roster.yaml", ConfigPartsTests.config(people: 50))
        let alone = try #require(loader.backendsAlone(path: file))
        let full = try loader.load(path: file)
        #expect(alone.backends.map(\.name) == full.backends.map(\.name))
        #expect(Pipeline.sameConnections(alone.backends, full.backends))
        #expect(alone.personEntries.isEmpty)
        // An alias to an anchor outside the block cannot be read alone.
        let aliased = scratch.write("aliased.yaml", "version: 1\npeople:\n  p: {first_name: &url sandbox}\nbackends:\n  mem: {type: memory, url: *url}\n")
        #expect(try loader.load(path: aliased).backends.count == 1)
        #expect(loader.backendsAlone(path: aliased) == nil)
        // A folder: the one file with the block.
        let folder = scratch.path + "/folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        scratch.write("folder/a.yaml", "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\n")
        scratch.write("folder/b.yaml", "people:\n  p: {first_name: P}\n")
        #expect(loader.backendsAlone(path: folder)?.backends.map(\.name) == ["mem"])
        scratch.write("folder/c.yaml", "backends:\n  two: {type: memory, url: sandbox}\n")
        #expect(loader.backendsAlone(path: folder) == nil)
    }

    func change(_ base: String, _ working: String) throws -> ConfigChange {
        let scratch = TempFolder()
        let loader = ConfigLoader(registry: registry, environment: [:])
        return ConfigChange(base: try loader.load(path: scratch.write("base.yaml", base)),
                            working: try loader.load(path: scratch.write("working.yaml", working)))
    }

    static func config(_ people: String, teams: String = "") -> String {
        "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\n\(teams)people:\n\(people)"
    }

    @Test func aPersonIsTouchedWhenTheirEntryDiffersWhereverItSits() throws {
        let base = Self.config("  a: {first_name: A}\n  b: {first_name: B}\n  c: {first_name: C}\n  d: {first_name: D}\n")
        // b edited, c moved (same text elsewhere: untouched), d removed, e added; a quoted key is the same name.
        let working = Self.config("  \"a\": {first_name: A}\n  b: {first_name: 'B'}\n  e: {first_name: E}\n  c: {first_name: C}\n")
        let found = try change(base, working)
        #expect(found.touchedNames == ["b", "d", "e"])
        #expect(found.workingPeople == [1, 2])
        #expect(found.basePeople == [1, 3])
        #expect(found.unchanged == 2)
        #expect(found.everyone == nil)
    }

    @Test func aTeamChangeTouchesItsMembersAndThoseOfTeamsIncludingIt() throws {
        let people = "  a: {first_name: A, teams: [ops]}\n  b: {first_name: B}\n  c: {first_name: C, teams: [{team: oncall}]}\n"
            + "  d: {first_name: D, teams: [dev]}\n"
        let teams = { (groups: String) in
            "teams:\n  ops: {accounts: {mem: {groups: [\(groups)]}}}\n  oncall: {include: [ops]}\n  dev: {}\n"
        }
        let found = try change(Self.config(people, teams: teams("g1")), Self.config(people, teams: teams("g1, g2")))
        #expect(found.touchedNames == ["a", "c"])
        #expect(found.basePeople == [0, 2])
        let same = try change(Self.config(people, teams: teams("g1")), Self.config(people, teams: teams("g1")))
        #expect(same.touchedNames.isEmpty)
        let zone = try change(Self.config(people, teams: "timezone: UTC\n"), Self.config(people, teams: "timezone: Europe/Paris\n"))
        #expect(zone.everyone == "'timezone' changes")
        #expect(zone.touchedNames.count == 4)
    }

    @Test func sameContentComparesTextsKindsAndStylesNotPlaces() throws {
        func node(_ text: String) throws -> YAMLNode { try YAMLDocument.parse(bytes: Array(text.utf8), file: "t.yaml").root }
        #expect(try node("a: [1, {b: c}]").sameContent(as: node("\n\n a:\n  - 1\n  - b: c\n")))
        #expect(try !node("a: 1").sameContent(as: node("a: '1'")))
        #expect(try !node("a: [1]").sameContent(as: node("a: {1: ~}")))
        #expect(try !node("a: x").sameContent(as: node("a: xy")))
        #expect(try !node("a: !!str 1").sameContent(as: node("a: 1")))
        // Quoted either way, the same text is the same value.
        #expect(try node("a: ''").sameContent(as: node("a: \"\"")))
    }

    @Test func theStateAfterAPlanMergesItsChanges() throws {
        let scratch = TempFolder()
        let config = try ConfigLoader(registry: registry, environment: [:])
            .load(path: scratch.write("roster.yaml", Self.config("  a: {first_name: A}\n")))
        let provider = MemoryProvider(store: MemoryStore())
        func id(_ name: String) -> ResourceID { ResourceID(backend: "mem", kind: "memory.user", key: [name]) }
        func group(_ name: String) -> ResourceID { ResourceID(backend: "mem", kind: "memory.group", key: [name]) }
        let live = [Resource(id("a"), ["enabled": .bool(true)]), Resource(id("b"), ["enabled": .bool(false)]),
                    Resource(id("c"), ["enabled": .bool(true)]), Resource(group("g"), [:]),
                    Resource(ResourceID(backend: "mem", kind: "memory.membership", key: ["g", "c"]), [:])]
        let changes = [
            Change(.update, id("a"), before: ["enabled": .bool(true)], after: ["enabled": .bool(false)]),
            Change(.delete, id("c"), before: ["enabled": .bool(true)]),
            Change(.create, id("d"), after: ["enabled": .bool(true)]),
        ]
        let after = BackendCheck(provider: provider, backend: config.backends[0], changes: changes, live: live).afterState()
        let enabled = Dictionary(after.map { ($0.id.keyString, $0.attributes["enabled"]?.bool) }) { a, _ in a }
        // c went, and its membership with it; a changed, d came, b and the group stayed.
        #expect(enabled == ["a": false, "b": false, "d": true, "g": nil])
        #expect(BackendCheck(provider: provider, backend: config.backends[0], changes: [], live: live).afterState().count == 5)
    }

    /// What `PeopleText` leaves of a base, and which working people it calls unchanged.
    func trim(_ base: String, _ working: String) throws -> (text: String?, unchanged: [Int], change: ConfigChange, agrees: Bool) {
        let scratch = TempFolder()
        let loader = ConfigLoader(registry: registry, environment: [:])
        let baseFile = scratch.write("base/roster.yaml", base), workingFile = scratch.write("working/roster.yaml", working)
        let config = try loader.load(path: workingFile)
        let trimmed = PeopleText.trim(base: [baseFile], working: [workingFile], config: config)
        let baseConfig = try loader.load(path: baseFile, replacing: trimmed.replacing)
        let change = ConfigChange(base: baseConfig, working: config, unchanged: trimmed.unchanged)
        return (trimmed.replacing[baseFile].map { String(decoding: $0, as: UTF8.self) }, trimmed.unchanged.sorted(), change,
                trimmed.agrees(with: baseConfig))
    }

    @Test func entriesWhoseTextIsTheSameAreNotParsedTwice() throws {
        let people = (0..<6).map { "  p\($0):\n    first_name: P\($0)\n" }
        var edited = people
        edited[2] = "  p2:\n    first_name: Changed\n"
        edited.remove(at: 4)
        edited.insert("  new:\n    first_name: N\n", at: 1)
        let (text, unchanged, change, agrees) = try trim(Self.config(people.joined()), Self.config(edited.joined()))
        // p0, p1, p3 blanked (their lines kept as bare comments); p2 edited, p4 removed, p5 the last: kept.
        #expect(unchanged == [0, 2, 4])
        #expect(agrees)
        let base = try #require(text)
        #expect(base.components(separatedBy: "\n").count == Self.config(people.joined()).components(separatedBy: "\n").count)
        #expect(!base.contains("P0") && !base.contains("P1") && !base.contains("P3"))
        #expect(base.contains("first_name: P2") && base.contains("first_name: P4") && base.contains("first_name: P5"))
        // The change is what comparing every entry finds.
        #expect(change.touchedNames == ["new", "p2", "p4"])
        let whole = try self.change(Self.config(people.joined()), Self.config(edited.joined()))
        #expect(whole.touchedNames == change.touchedNames && whole.workingPeople == change.workingPeople)
        #expect(change.unchanged == 4)
    }

    @Test func entriesNotPlainlyLaidOutAreParsedWhole() throws {
        // A quoted name, four spaces in, flow style: the file is parsed whole.
        for odd in ["  \"a\": {first_name: A}\n  b: {first_name: B}\n  c: {first_name: C}\n",
                    "    a: {first_name: A}\n    b: {first_name: B}\n    c: {first_name: C}\n"] {
            let (text, unchanged, change, _) = try trim(Self.config(odd), Self.config(odd))
            #expect(text == nil && unchanged.isEmpty, "\(odd)")
            #expect(change.touchedNames.isEmpty)
        }
        #expect(try trim(Self.config("  {a: {first_name: A}}\n"), Self.config("  {a: {first_name: A}}\n")).text == nil)
        // An alias may name an anchor that changed elsewhere: an entry holding `*` is kept.
        let anchored = "  a: {first_name: &n A}\n  b: {first_name: *n}\n  c: {first_name: C}\n"
        let (text, unchanged, change, _) = try trim(Self.config(anchored), Self.config(anchored.replacingOccurrences(of: "&n A", with: "&n Z")))
        #expect(unchanged.isEmpty, "\(text ?? "")")
        #expect(change.touchedNames == ["a", "b"])
        // An anchor defined again: which one an alias names depends on the entries before it.
        let twice = "  a: {first_name: &n A}\n  b: {first_name: &n B}\n  c: {first_name: *n}\n  d: {first_name: D}\n"
        let redefined = twice.replacingOccurrences(of: "  c:", with: "  x: {first_name: &n X}\n  c:")
        let again = try trim(Self.config(twice), Self.config(redefined))
        #expect(again.unchanged.isEmpty && again.change.touchedNames == ["c", "x"], "\(again.change.touchedNames)")
    }

    @Test func aLineInsideQuotedTextThatLooksLikeAnEntryMakesTheBaseReadWhole() throws {
        // In the base, mallory's name runs over three lines; the second looks like an entry.
        let base = Self.config("  mallory:\n    first_name: \"abc\n  alice: {first_name: A}\n  zed: q\"\n  bob: {first_name: B}\n  carol: {first_name: C}\n")
        let working = Self.config("  mallory: {first_name: M}\n  alice: {first_name: A}\n  bob: {first_name: B}\n  carol: {first_name: C}\n")
        let trimmed = try trim(base, working)
        // The scan blanks the line that looked like alice, and takes her for unchanged; the
        // trimmed base still parses, but not with its entries where the scan said.
        #expect(trimmed.text != nil && trimmed.unchanged.contains(1))
        #expect(!trimmed.agrees)
    }
}
