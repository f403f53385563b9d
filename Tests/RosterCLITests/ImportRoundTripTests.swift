import Foundation
import RosterYAML
import Testing
import RosterTestSupport

/// `roster import` on every backend's sandbox: import, then planning the imported config against
/// the same emulator state shows no change (`plan --detailed-exitcode` exits 0). Serialized: each
/// case runs several binaries and emulators, and the machine is shared with the other suites.
@Suite(.serialized) struct ImportRoundTripTests {
    /// One backend's sandbox: its seed, the backend block of the source config (with a literal
    /// credential, which the import must replace by a placeholder), and a config applied before
    /// the import to reach state a seed cannot hold (new S3 keys, say).
    struct Case: Sendable, CustomStringConvertible {
        var type: String
        var seed: String
        var block: String
        /// Placeholders the import must list, with the value to set for the plan.
        var placeholders: [String: String]
        var prepare: String? = nil
        var description: String { type }
    }

    /// Every backend prunes (the file is authoritative), so a live object the import left out
    /// would show as a delete.
    static let cases: [Case] = [
        Case(type: "uyuni", seed: ImportSeeds.uyuni,
             block: "type: uyuni\n    username: admin\n    password: sandbox-admin\n    prune: all\n    protect: [admin]",
             placeholders: ["UYUNI_PASSWORD": "sandbox-admin"]),
        Case(type: "ctera", seed: ImportSeeds.ctera,
             block: "type: ctera\n    username: admin\n    password: sandbox-admin\n    prune: all",
             placeholders: ["CTERA_PASSWORD": "sandbox-admin"], prepare: ImportSeeds.cteraKeys),
        Case(type: "squirro", seed: ImportSeeds.squirro,
             block: "type: squirro\n    tenant: acme\n    token: sandbox-token\n    prune: all",
             placeholders: ["SQUIRRO_TOKEN": "sandbox-token"]),
        Case(type: "cloud", seed: ImportSeeds.cloud,
             block: "type: cloud\n    email: admin@example.com\n    password: sandbox-admin\n    prune: all\n    protect: [admin@example.com]",
             placeholders: ["CLOUD_PASSWORD": "sandbox-admin"]),
        Case(type: "activelogic", seed: ImportSeeds.activelogic,
             block: "type: activelogic\n    username: admin\n    password: sandbox-admin\n    prune: all\n    request_timeout: 30",
             placeholders: ["ACTIVELOGIC_PASSWORD": "sandbox-admin"]),
    ]

    /// The source config; the one applied first prunes nothing.
    static func source(_ c: Case, people: String = "{}", prune: Bool = true) -> String {
        let block = prune ? c.block : c.block.replacingOccurrences(of: "\n    prune: all", with: "")
        return """
        version: 1
        backends:
          \(c.type):
            url: sandbox
            seed: seed.yaml
            state: .roster/state.json
            \(block)
        people: \(people)
        """
    }

    /// The values of `password:` in a seed.
    static func passwords(in seed: String) -> [String] {
        seed.components(separatedBy: "password: ").dropFirst().compactMap { rest in
            rest.split(whereSeparator: { ",}\n".contains($0) }).first.map(String.init)
        }
    }

    @Test(arguments: cases)
    func importThenPlanShowsNoChange(_ c: Case) async throws {
        let scratch = Scratch()
        scratch.write("seed.yaml", c.seed)
        let config = scratch.write("roster.yaml", Self.source(c))
        if let prepare = c.prepare {
            let prepared = scratch.write("prepare.yaml", Self.source(c, people: prepare, prune: false))
            let apply = try await RosterBinary.run(["apply", "-c", prepared, "--yes", "--secrets-out", scratch.path + "/new-secrets.json"])
            #expect(apply.status == 0, "\(apply.all)")
        }
        let out = scratch.path + "/imported/roster.yaml"
        let imported = try await RosterBinary.run(["import", "--backend", c.type, "-c", config, "--out", out])
        try #require(imported.status == 0, "\(imported.all)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for (name, value) in c.placeholders {
            #expect(imported.stderr.contains(name), "\(imported.stderr)")
            #expect(text.contains("${env:\(name)}"), "\(text)")
            #expect(!text.contains(value), "a secret was written: \(text)")
        }
        // No password of the seed, nor a secret the prepared apply made, gets out.
        var secrets = Self.passwords(in: c.seed)
        if let data = FileManager.default.contents(atPath: scratch.path + "/new-secrets.json"),
           let made = try JSONSerialization.jsonObject(with: data) as? [String: String] {
            #expect(!made.isEmpty)
            secrets += made.values
        }
        for password in secrets {
            #expect(!imported.all.contains(password) && !text.contains(password), "\(password) was written")
        }
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/roster.schema.json")
        #expect(schema.validate(JSON(try YAMLDocument.load(path: out).root)) == [], "\(text)")
        #expect(text.contains("people:"), "\(text)")
        let plan = try await RosterBinary.run(["plan", "-c", out, "--detailed-exitcode"], environment: c.placeholders)
        #expect(plan.status == 0, "\(c.type): \(plan.all)\n--- imported:\n\(text)")
        #expect(plan.stderr.isEmpty || !plan.stderr.contains("warning"), "\(plan.stderr)")
        // Importing the imported config gives it back (but for the line that says where from).
        let again = try await RosterBinary.run(["import", "--backend", c.type, "-c", out], environment: c.placeholders)
        #expect(again.status == 0, "\(again.all)")
        #expect(Self.body(again.stdout) == Self.body(text), "\(again.stdout)\n--- first:\n\(text)")
    }

    static func body(_ text: String) -> String { text.split(separator: "\n").dropFirst().joined(separator: "\n") }

    /// Every backend at once: people with the same email on several backends are one person, and
    /// an ActiveLogic login joins the person of the same login.
    @Test func peopleAreJoinedAcrossBackends() async throws {
        let scratch = Scratch()
        var blocks: [String] = []
        for c in Self.cases {
            scratch.write("\(c.type)-seed.yaml", c.seed)
            blocks.append("""
                  \(c.type):
                    url: sandbox
                    seed: \(c.type)-seed.yaml
                    \(c.block)
                """)
        }
        let config = scratch.write("roster.yaml", "version: 1\nbackends:\n" + blocks.joined(separator: "\n") + "\npeople: {}\n")
        let imported = try await RosterBinary.run(["import", "-c", config, "--backend"] + Self.cases.map(\.type))
        try #require(imported.status == 0, "\(imported.all)")
        let document = try YAMLDocument.parse(imported.stdout, file: "imported.yaml")
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/roster.schema.json")
        #expect(schema.validate(JSON(document.root)) == [], "\(imported.stdout)")
        let bob = try #require(document.root["people"]?["bjones"], "\(imported.stdout)")
        let accounts = bob["accounts"]?.entries.compactMap(\.key.scalar) ?? []
        #expect(Set(accounts) == ["uyuni", "ctera", "squirro", "cloud", "activelogic"], "\(imported.stdout)")
        #expect(bob["first_name"]?.scalar == "Bob" && bob["last_name"]?.scalar == "Jones", "\(imported.stdout)")
        // A disabled Uyuni user cannot share a person with accounts that cannot be disabled.
        let environment = Dictionary(Self.cases.flatMap { $0.placeholders }, uniquingKeysWith: { a, _ in a })
        let file = scratch.write("imported.yaml", imported.stdout)
        let plan = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 0, "\(plan.all)\n--- imported:\n\(imported.stdout)")
    }

    /// The same against `roster sandbox` serving the HTTP emulators at real URLs.
    @Test func importFromAServedSandbox() async throws {
        let scratch = Scratch()
        let http = Self.cases.filter { $0.type != "activelogic" }
        let seeds = http.flatMap { ["--seed", "\($0.type)=" + scratch.write("\($0.type)-seed.yaml", $0.seed)] }
        let served = try await onOwnThread { try SandboxCommandTests.Served(seeds) }
        var blocks: [String] = []
        for c in http {
            let url = try #require(served.urls[c.type], "no \(c.type) line")
            blocks.append("  \(c.type):\n    url: \"\(url)\"\n    \(c.block)")
        }
        let config = scratch.write("roster.yaml", "version: 1\nbackends:\n" + blocks.joined(separator: "\n") + "\npeople: {}\n")
        let out = scratch.path + "/imported.yaml"
        let imported = try await RosterBinary.run(["import", "-c", config, "--out", out, "--backend"] + http.map(\.type))
        try #require(imported.status == 0, "\(imported.all)")
        let environment = Dictionary(http.flatMap { $0.placeholders }, uniquingKeysWith: { a, _ in a })
        let plan = try await RosterBinary.run(["plan", "-c", out, "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 0, "\(plan.all)")
        withExtendedLifetime(served) {}
    }

    /// Only the backends of the config are read: people it cannot resolve do not stop an import.
    @Test func peopleOfTheSourceConfigAreNotRead() async throws {
        let c = Self.cases[0]
        let scratch = Scratch()
        scratch.write("seed.yaml", c.seed)
        let config = scratch.write("roster.yaml", Self.source(c, people: "\n  x: {password: \"${env:ROSTER_TEST_UNSET}\", colour: red}"))
        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 1, "\(plan.all)")
        let imported = try await RosterBinary.run(["import", "--backend", c.type, "-c", config])
        #expect(imported.status == 0, "\(imported.all)")
        #expect(imported.stdout.contains("bjones:") && !imported.stdout.contains("colour"), "\(imported.stdout)")
    }

    @Test func unknownBackendIsAnErrorNamingIt() async throws {
        let scratch = Scratch()
        let config = scratch.write("roster.yaml", Self.source(Self.cases[0]))
        scratch.write("seed.yaml", Self.cases[0].seed)
        let result = try await RosterBinary.run(["import", "--backend", "uyuny", "-c", config])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.contains("unknown backend 'uyuny'") && result.stderr.contains("uyuni"), "\(result.stderr)")
        let none = try await RosterBinary.run(["import", "-c", config])
        #expect(none.status == 64, "\(none.all)")
    }
}
