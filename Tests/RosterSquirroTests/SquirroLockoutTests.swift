import Foundation
import RosterCore
@testable import RosterSandbox
import Testing

/// `state: disabled` and `absent` on Squirro, against the emulator's own sign-in checks: each
/// step its own action, no secret in any form of the plan, the account kept when disabled, and
/// nothing of the person left when absent.
@Suite struct SquirroLockoutTests {
    typealias F = SquirroFixture

    static let account = "      squirro: {role: user, groups: [platform], projects: {research: member}, workspaces: {lab: user}}\n"
    static var active: String { F.alice + account }
    static var disabled: String { active.replacingOccurrences(of: "    accounts:", with: "    state: disabled\n    accounts:") }
    static var absent: String { active.replacingOccurrences(of: "    accounts:", with: "    state: absent\n    accounts:") }

    /// Alice signs in with her password, as a person would: a session (grant) and an access token.
    static func signIn(_ emulator: SquirroEmulator) async throws -> (access: String, session: String) {
        let response = await emulator.handle(EmulatorRequest(
            method: "POST", uri: "/api/user/oauth2/token",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
            body: Array("tenant=sandbox&grant_type=password&username=alice@example.com&password=Alice-pass-1".utf8)))
        let body = try #require(SquirroJSON.parse(response.body))
        return (try #require(body["access_token"]?.string), try #require(body["session_id"]?.string))
    }

    static func works(_ emulator: SquirroEmulator, _ access: String) async -> Bool {
        await emulator.handle(EmulatorRequest(method: "GET", uri: "/api/user/v0/sandbox/users",
                                              headers: [(name: "Authorization", value: "Bearer \(access)")])).status == 200
    }

    @Test func disabledRevokesEachSessionAndTheTenantRoleAndKeepsTheAccount() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            _ = try await F.converge(url, Self.active)
            let alice = try #require(emulator.state.user(email: "alice@example.com"))
            let (access, session) = try await Self.signIn(emulator)
            #expect(await Self.works(emulator, access))

            let planned = try await F.plan(url, Self.disabled)
            #expect(F.lines(planned) == ["delete squirro.grant alice@example.com/sandbox/\(session)",
                                         "delete squirro.tenant_role alice@example.com/sandbox",
                                         "delete squirro.workspace_user alice@example.com/lab"], "\(F.lines(planned))")
            // The tenant role goes after the session, which is deleted through the tenant.
            let role = try #require(planned.actions.first { $0.change.id.kind == "squirro.tenant_role" })
            let grant = try #require(planned.actions.firstIndex { $0.change.id.kind == "squirro.grant" })
            #expect(role.dependsOn.contains(grant))
            let forms = [TextRenderer(color: false).render(planned), MarkdownRenderer().render(planned),
                         String(decoding: PlanDocument(planned).encoded(), as: UTF8.self)]
            #expect(!forms.contains { $0.contains("Alice-pass-1") })
            #expect(forms[0].contains("- squirro.tenant_role alice@example.com/sandbox"), "\(forms[0])")

            _ = try await F.converge(url, Self.disabled)
            let state = emulator.state
            #expect(state.user(email: "alice@example.com")?.id == alice.id, "the account is kept")
            #expect(state.role(of: alice.id, in: "sandbox") == nil && state.role(of: alice.id, in: "lab") == nil)
            #expect(!state.grants.contains { $0.userId == alice.id })
            #expect(!state.signsIn(email: "alice@example.com", password: "Alice-pass-1", tenant: "sandbox"))
            #expect(!state.signsIn(email: "alice@example.com", password: "Alice-pass-1", tenant: nil))
            #expect(await !Self.works(emulator, access))
            // Still locked is converged: nothing to do, with prune too.
            #expect(try await F.plan(url, Self.disabled).isEmpty)
            let pruning = F.config(url, people: Self.disabled)
                .replacingOccurrences(of: "protect: [admin@example.com]", with: "protect: [admin@example.com], prune: all")
            let runner = F.runner
            #expect(F.lines(try await runner.plan(try runner.load(path: try F.write(pruning)))).isEmpty)

            // Enabled again: the same account, back with what the file declares.
            _ = try await F.converge(url, Self.active)
            let back = emulator.state
            #expect(back.user(email: "alice@example.com")?.id == alice.id)
            #expect(back.signsIn(email: "alice@example.com", password: "Alice-pass-1", tenant: "sandbox"))
            #expect(back.role(of: alice.id, in: "sandbox") == "user" && back.role(of: alice.id, in: "lab") == "user")
            #expect(back.group(named: "platform", tenant: "sandbox")?.memberIds.contains(alice.id) == true)
            #expect(try await F.plan(url, Self.active).isEmpty)
        }
    }

    @Test func absentRemovesEveryMembershipAndSessionBeforeTheUser() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            _ = try await F.converge(url, Self.active)
            let alice = try #require(emulator.state.user(email: "alice@example.com"))
            let (_, session) = try await Self.signIn(emulator)
            let planned = try await F.plan(url, Self.absent)
            #expect(F.lines(planned) == ["delete squirro.grant alice@example.com/sandbox/\(session)",
                                         "delete squirro.group_member alice@example.com/platform",
                                         "delete squirro.project_user alice@example.com/research",
                                         "delete squirro.workspace_user alice@example.com/lab",
                                         "delete squirro.user alice@example.com"], "\(F.lines(planned))")
            let user = try #require(planned.actions.first { $0.change.id.kind == "squirro.user" })
            #expect(user.dependsOn.count == 4)
            _ = try await F.converge(url, Self.absent)
            let state = emulator.state
            #expect(state.user(id: alice.id) == nil)
            #expect(!state.grants.contains { $0.userId == alice.id })
            #expect(!state.workspaces.contains { $0.members[alice.id] != nil })
            #expect(!state.groups.contains { $0.memberIds.contains(alice.id) })
            #expect(!state.projects.contains { $0.members.contains { $0.memberId == alice.id } })
            #expect(try await F.plan(url, Self.absent).isEmpty)
        }
    }

    /// Disabling the tenant's only administrator takes its role in the tenant: `last-admin` holds it.
    @Test func disablingTheOnlyAdministratorCrossesLastAdmin() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            _ = try await F.converge(url, Self.active)
            let admin = "  admin:\n    email: admin@example.com\n    state: disabled\n    accounts: {squirro: {}}\n"
            let runner = F.runner
            let loaded = try runner.load(path: try F.write(F.config(url, people: Self.active + admin)))
            do {
                _ = try await runner.plan(loaded)
                Issue.record("the plan must cross last-admin")
            } catch let error as RailsError {
                #expect(error.violations.map(\.rail) == [.lastAdmin], "\(error)")
                #expect(error.description.contains("admin@example.com"), "\(error)")
            }
            // Alice, disabled instead, leaves the administrator: no rail.
            #expect(F.lines(try await F.plan(url, Self.disabled)).count == 2)
        }
    }
}
