import RosterCore
import RosterYAML
import Testing

/// The compact table of desired objects: what goes in comes out equal, lookups compare whole keys.
@Suite struct ResourceTableTests {
    static func at(_ line: Int, _ file: String = "roster.yaml") -> RosterYAML.SourceLocation {
        .init(file: file, line: line, column: 7)
    }

    /// One resource of each shape the table stores differently.
    static let samples: [Resource] = {
        let id = { (kind: String, key: [String]) in ResourceID(backend: "b", kind: kind, key: key) }
        var renamed = Resource(id("k.user", ["newname"]), ["email": "n@example.com"], owner: "Nina", location: at(40))
        renamed.previousKeys = [["oldname"], ["older"]]
        return [
            Resource(id("k.user", ["alice"]), [
                "email": "alice@example.com", "uid": .int(-42), "big": .int(.max), "enabled": true, "off": false,
                "nothing": .null, "groups": .list(["a", .int(1), .list([.null])]), "empty": "",
                "password": .secret(Secret("hunter2")),
            ], owner: "Alice Example", location: at(3), passwordUpdate: .verify),
            Resource(id("k.user", [""]), owner: nil, location: nil),
            Resource(id("k.role", ["alice", "admin"]), owner: "Alice Example", location: at(3, "people.yaml")),
            Resource(id("k.member", ["ünïcødé", "グループ", "x/y"]), ["name": "Zoë 🙂"], owner: "", location: at(9),
                     passwordUpdate: .always),
            Resource(ResourceID(backend: "other", kind: "k.user", key: ["bob"]), ["secret": .secret(Secret(""))]),
            renamed,
        ]
    }()

    static func table(_ resources: [Resource]) -> ResourceTable {
        var state = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        for resource in resources { state.add(resource, bag: bag) }
        return state.resources
    }

    @Test func everyStoredShapeReadsBackEqual() throws {
        let table = Self.table(Self.samples)
        #expect(table.count == Self.samples.count)
        #expect(Array(table.values) == Self.samples)
        #expect(Array(table.keys) == Self.samples.map(\.id))
        for (i, (id, resource)) in table.enumerated() {
            #expect(id == Self.samples[i].id && resource == Self.samples[i])
            #expect(table[id] == Self.samples[i])
        }
        let password = try #require(table[Self.samples[0].id]?.attributes["password"]?.secret)
        #expect(password.reveal() == "hunter2")
        #expect(table[Self.samples[4].id]?.attributes["secret"]?.secret?.isEmpty == true)
        #expect(table.values.filter { !$0.previousKeys.isEmpty }.map(\.previousKeys) == [[["oldname"], ["older"]]])
    }

    @Test func absentIDsAreNotFound() {
        let table = Self.table([
            Resource(ResourceID(backend: "b", kind: "k.role", key: ["ab"])),
            Resource(ResourceID(backend: "b", kind: "k.role", key: ["a", "b"])),
            Resource(ResourceID(backend: "b", kind: "k.user", key: ["alice"])),
        ])
        #expect(table.count == 3)
        let missing = [
            ResourceID(backend: "b", kind: "k.group", key: ["alice"]),
            ResourceID(backend: "b", kind: "k.role", key: ["alice"]),
            ResourceID(backend: "b", kind: "k.role", key: ["a"]),
            ResourceID(backend: "b", kind: "k.role", key: ["a", "b", ""]),
            ResourceID(backend: "b", kind: "k.role", key: ["", "ab"]),
            ResourceID(backend: "b", kind: "k.role", key: ["abc"]),
            ResourceID(backend: "b", kind: "k.user", key: ["Alice"]),
            ResourceID(backend: "b", kind: "k.user", key: []),
            ResourceID(backend: "elsewhere", kind: "k.user", key: ["alice"]),
        ]
        for id in missing { #expect(!table.contains(id) && table[id] == nil, "\(id)") }
        #expect(table[ResourceID(backend: "b", kind: "k.role", key: ["a", "b"])]?.id.key == ["a", "b"])
        #expect(ResourceTable().isEmpty && ResourceTable()[missing[0]] == nil)
    }

    @Test func aHundredThousandObjectsGrowTheIndex() {
        var state = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        for i in 0..<100_000 {
            state.add(Resource(state.id("k.user", "user\(i)"), ["n": .int(i)], owner: "P\(i)", location: Self.at(i)), bag: bag)
            if i % 3 == 0 { state.add(Resource(state.id("k.role", "user\(i)", "admin"), location: Self.at(i)), bag: bag) }
        }
        #expect(bag.diagnostics.isEmpty)
        #expect(state.resources.count == 100_000 + 33_334)
        for i in stride(from: 0, to: 100_000, by: 997) {
            #expect(state.resources[state.id("k.user", "user\(i)")]?.attributes["n"] == .int(i))
            #expect(state.resources.contains(state.id("k.role", "user\(i)", "admin")) == (i % 3 == 0))
        }
        #expect(!state.resources.contains(state.id("k.user", "user100000")))
        #expect(state.resources[0].key == state.id("k.user", "user0"))
    }

    @Test func repeatedTextsAreStoredOnceAndReadBackRight() {
        let resources = (0..<2_000).map { i in
            Resource(ResourceID(backend: "b", kind: "k.role", key: ["user\(i % 50)", "role\(i / 50)"]),
                     ["group": .string("g\(i % 7)")], owner: "Person")
        }
        let table = Self.table(resources)
        #expect(Array(table.values) == resources)
    }
}
