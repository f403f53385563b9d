import Foundation
import Testing
@testable import RosterSandbox

@Suite struct UyuniSeedTests {
    @Test func defaultSeedState() throws {
        let state = try UyuniSeed.default.makeState(now: 0)
        #expect(state.org == .init(id: 1, name: "Sandbox Org", createDefaultSystemGroup: false))
        #expect(state.passwordPolicy == .init(minLength: 5, maxLength: 32))
        #expect(state.sessionLifetime == 3600)
        #expect(state.users.map(\.login) == ["admin"])
        #expect(state.users[0].roles == ["satellite_admin", "org_admin"])
        #expect(state.groups.map(\.name) == ["web"])
        #expect(state.groups[0].description == "Web servers")
    }

    @Test func swiftSeedsAreValidated() {
        var seed = UyuniSeed.default
        seed.users.append(.init(login: "ADMIN", password: "x"))
        #expect(throws: SandboxError("duplicate login 'ADMIN' (logins are unique ignoring case)")) { try seed.makeState(now: 0) }
        seed = .default
        seed.users[0].roles.append("root")
        #expect(throws: SandboxError.self) { try seed.makeState(now: 0) }
        seed = .default
        seed.users[0].systemGroups = ["db"]
        #expect(throws: SandboxError("unknown system group 'db'")) { try seed.makeState(now: 0) }
    }

    static let defaultYAML = """
        org: {id: 1, name: Sandbox Org, create_default_system_group: false}
        password_policy: {min_length: 5, max_length: 32}
        session_lifetime: 3600
        users:
          - {login: admin, password: sandbox-admin, first_name: Sandbox, last_name: Admin, email: admin@example.com, roles: [satellite_admin, org_admin]}
        system_groups:
          - {name: web, description: Web servers}
        """

    @Test func yamlDefaultSeedEqualsTheBuiltInOne() throws {
        #expect(try UyuniSeed.parse(Self.defaultYAML, file: "seed.yaml") == .default)
    }

    @Test(arguments: [
        ("users:\n  - {login: a1234, password: p, colour: red}\n", "seed.yaml:2:33: error: unknown key 'colour' in a user; expected one of: login, password, first_name, last_name, email, roles, enabled, read_only, use_pam, system_groups, default_system_groups"),
        ("users:\n  - login: a1234\n    password: p\n    roles: [org_admin, wizard]\n", "seed.yaml:4:24: error: unknown role 'wizard'; known roles: satellite_admin, org_admin, channel_admin, config_admin, system_group_admin, activation_key_admin, image_admin"),
        ("session_lifetime: soon\n", "seed.yaml:1:19: error: expected an integer"),
        ("users:\n  - {login: a1234}\n", "seed.yaml:2:5: error: missing key 'password'"),
        ("users:\n  - {login: a1234, password: p, system_groups: [db]}\n", "seed.yaml:2:49: error: unknown system group 'db'; declare it under system_groups"),
        ("users:\n  - {login: abcde, password: p}\n  - {login: ABCDE, password: q}\n", "seed.yaml:3:13: error: duplicate login 'ABCDE' (logins are unique ignoring case)"),
        ("- just a list\n", "seed.yaml:1:1: error: expected a mapping for a Uyuni seed, found a sequence"),
        ("system_groups:\n  - {name: web}\n  - {name: web}\n", "seed.yaml:3:12: error: duplicate system group 'web'"),
        ("system_groups:\n  - {name: web}\nusers:\n  - {login: a1234, password: p, default_system_groups: [web, db]}\n",
         "seed.yaml:4:62: error: unknown system group 'db'; declare it under system_groups"),
    ])
    func yamlErrorsHaveAPlace(_ text: String, _ expected: String) {
        #expect(throws: (any Error).self) { try UyuniSeed.parse(text, file: "seed.yaml") }
        do {
            _ = try UyuniSeed.parse(text, file: "seed.yaml")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// The duplicate of the first of many users is still found, and every other user read in order.
    @Test func aLargeSeedFindsALateDuplicate() throws {
        var text = "system_groups:\n  - {name: web}\nusers:\n"
        for i in 0..<3000 { text += "  - {login: user\(i), password: p, system_groups: [web]}\n" }
        let seed = try UyuniSeed.parse(text, file: "seed.yaml")
        #expect(seed.users.count == 3000)
        #expect(seed.users.last?.login == "user2999")
        #expect(try seed.makeState(now: 0).users.count == 3000)
        text += "  - {login: USER0, password: p}\n"
        #expect(throws: SandboxError("duplicate login 'USER0' (logins are unique ignoring case)", location: "seed.yaml:3004:13")) {
            try UyuniSeed.parse(text, file: "seed.yaml")
        }
    }

    @Test func launcherReadsSeedFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("uyuni-seed-\(UInt32.random(in: 0...UInt32.max)).yaml").path
        try Self.defaultYAML.replacingOccurrences(of: "Sandbox Org", with: "Seeded Org").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let service = try #require(try Sandbox.makeService(type: "uyuni", seedPath: path, statePath: nil) as? UyuniEmulator)
        #expect(service.state.org.name == "Seeded Org")
        #expect(throws: SandboxError.self) { try Sandbox.makeService(type: "uyuni", seedPath: path + ".missing", statePath: nil) }
    }
}
