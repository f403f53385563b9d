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

/// The size of a large config's desired state: 100,000 people of the benchmark's shape (a user with
/// four attributes, a role and a group, two claimed scopes each) fit in 45 MB.
@Suite struct DesiredStateSizeTests {
    @Test func aHundredThousandPeopleTakeAtMost45MB() {
        let people = 100_000
        let roles = ["satellite_admin", "org_admin", "channel_admin", "config_admin"]
        let groups = ["web-servers", "db-servers", "build", "qa", "desktops"]
        var state = DesiredState(backend: "uyuni")
        let bag = DiagnosticBag()
        state.reserve(people * 3)
        for i in 0..<people {
            let login = "user\(i)x", owner = "First\(i) Last\(i)"
            let location = SourceLocation(file: "roster.yaml", line: i * 8 + 3, column: 5)
            let attributes: Attributes = [
                "first_name": .string("First\(i)"), "last_name": .string("Last\(i)"),
                "email": .string("first\(i).last\(i)@example.com"), "enabled": true,
            ]
            state.add(Resource(state.id("uyuni.user", login), attributes, owner: owner, location: location), bag: bag)
            state.claim("uyuni.role", under: [login])
            state.add(Resource(state.id("uyuni.role", login, roles[i % 4]), owner: owner, location: location), bag: bag)
            state.claim("uyuni.assigned_group", under: [login])
            state.add(Resource(state.id("uyuni.assigned_group", login, groups[i % 5]), owner: owner, location: location),
                      bag: bag)
        }
        #expect(bag.diagnostics.isEmpty)
        #expect(state.resources.count == 300_000 && state.scopes.count == 200_000)
        let megabytes = Double(state.resources.storageBytes + state.scopes.storageBytes) / 1e6
        #expect(megabytes <= 45, "\(megabytes) MB")
        #expect(state.resources[state.id("uyuni.role", "user99999x", roles[99_999 % 4])]?.owner == "First99999 Last99999")
    }
}
