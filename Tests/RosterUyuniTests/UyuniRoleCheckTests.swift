import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
@testable import RosterUyuni
import Testing

/// Role labels are checked at plan time against what roster's login may assign
/// (`user.listAssignableRoles`), as the server checks them in `addRole` (fault -2005).
@Suite struct UyuniRoleCheckTests {
    static let people = """
          alice:
            password: alice-pass-1
            accounts:
              uyuni:
                login: alice
                roles:
                  - channel_admin
                  - org_admn
        """

    @Test func anUnknownRoleLabelIsAPlanErrorAtItsLineAndNothingIsSent() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let folder = FileManager.default.temporaryDirectory
            let file = folder.appendingPathComponent("roster-\(UUID().uuidString).yaml")
            try UyuniProviderTests.config(server.baseURL, people: Self.people).write(to: file, atomically: true, encoding: .utf8)
            let runner = Runner(environment: [:], logger: Logger(label: "test"))
            let loaded = try runner.load(path: file.path)
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true })
            }
            let problem = try #require(error?.diagnostics.first { $0.message.contains("org_admn") })
            // Line 14 of the file: `- org_admn`.
            #expect(problem.location?.line == 14 && problem.location?.column == 13, "\(problem)")
            #expect(problem.notes.contains { $0.message == "did you mean 'org_admin'?" }, "\(problem)")
            #expect(error?.diagnostics.contains { $0.message.contains("channel_admin") } == false)
            let sent = emulator.log.operations
            #expect(sent.contains("user.listAssignableRoles"), "\(sent)")
            #expect(!sent.contains("user.create") && !sent.contains("user.addRole"), "\(sent)")
            #expect(emulator.state.user(login: "alice") == nil)
        }
    }

    /// An org admin cannot revoke satellite_admin (fault -2005): a config that would is a plan
    /// error naming the role, and the user keeps it.
    @Test func aRoleTheLoginCannotRevokeIsAPlanError() async throws {
        var seed = UyuniSeed.default
        seed.users += [
            .init(login: "orgboss", password: "boss-pass-1", firstName: "O", lastName: "B", email: "o@example.com",
                  roles: ["org_admin"]),
            .init(login: "sattie", password: "sat-pass-1", firstName: "S", lastName: "A", email: "s@example.com",
                  roles: ["satellite_admin", "org_admin"]),
        ]
        let emulator = try UyuniEmulator(seed: seed)
        try await withEmulatorServer(emulator) { server in
            let config = """
                version: 1
                backends:
                  uyuni: {type: uyuni, url: "\(server.baseURL)", username: orgboss, password: boss-pass-1}
                people:
                  sattie: {first_name: S, last_name: A, email: s@example.com, accounts: {uyuni: {roles: [org_admin]}}}
                """
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString).yaml")
            try config.write(to: file, atomically: true, encoding: .utf8)
            let runner = Runner(environment: [:], logger: Logger(label: "test"))
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await runner.plan(try runner.load(path: file.path))
            }
            let text = error?.description ?? ""
            #expect(text.contains("error: role 'satellite_admin' of 'sattie' cannot be revoked by roster's login on 'uyuni'"), "\(text)")
            #expect(emulator.state.user(login: "sattie")?.roles.contains("satellite_admin") == true)
        }
    }

    /// One `listAssignableRoles` per plan, however many users the config has.
    @Test func theAssignableRolesAreReadOncePerPlan() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let folder = FileManager.default.temporaryDirectory
            var people = ""
            for name in ["alice", "bobby", "carol"] {
                people += "  \(name): {first_name: A, last_name: B, email: \(name)@example.com, password: pass-word-1, "
                    + "accounts: {uyuni: {roles: [channel_admin]}}}\n"
            }
            _ = try await UyuniProviderTests.converge(server.baseURL, people, folder: folder)
            #expect(emulator.state.user(login: "bobby")?.roles == ["channel_admin"])
            emulator.log.reset()
            #expect(try await UyuniProviderTests.plan(server.baseURL, people, folder: folder).isEmpty)
            #expect(emulator.log.operations.filter { $0 == "user.listAssignableRoles" }.count == 1)
        }
    }
}
