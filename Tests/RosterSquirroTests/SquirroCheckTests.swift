import Foundation
import RosterCore
@testable import RosterSandbox
import Testing

/// Plan-time checks besides the password policy, and custom data round trips.
@Suite struct SquirroCheckTests {
    typealias F = SquirroFixture

    @Test func newWorkspaceWhoseTitleGivesAnotherDomainFailsPlan() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let text = F.config(server.baseURL, people: "  {}\n")
                .replacingOccurrences(of: "workspaces: {lab: {title: Lab}}", with: "workspaces: {rlab: {title: Research Lab}}")
            let runner = F.runner
            let loaded = try runner.load(path: try F.write(text))
            do {
                _ = try await runner.plan(loaded)
                Issue.record("the plan must fail")
            } catch let error as DiagnosticError {
                #expect(error.description.contains("workspace 'rlab' cannot be created: Squirro makes its domain from the title, and 'Research Lab' gives 'research-lab'"))
            }
        }
    }

    @Test func customDataIsSetAndComparedByKey() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = F.alice + "      squirro: {data: {dept: R&D, level: 3, remote: true}}\n"
            _ = try await F.converge(server.baseURL, people)
            let user = try #require(emulator.state.user(email: "alice@example.com"))
            #expect(user.data == ["dept": "R&D", "level": 3, "remote": true])
            #expect(try await F.plan(server.baseURL, people).isEmpty)
            let changed = people.replacingOccurrences(of: "level: 3", with: "level: 4")
            let plan = try await F.plan(server.baseURL, changed)
            #expect(plan.actions.map { $0.change.changedAttributes } == [["data.level"]])
        }
    }

    @Test func emailsAreKeysWithoutCase() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let upper = F.alice.replacingOccurrences(of: "alice@example.com", with: "Alice@Example.com")
                + "      squirro: {role: user, groups: [ops]}\n"
            let created = try await F.converge(server.baseURL, upper)
            #expect(F.lines(created).contains("create squirro.user alice@example.com"))
            #expect(try await F.plan(server.baseURL, F.alice + "      squirro: {role: user, groups: [ops]}\n").isEmpty)
        }
    }

    @Test func emulatorKeepsTheLastAdmin() async throws {
        let emulator = try SquirroEmulator()
        let admin = try #require(emulator.state.user(email: "admin@example.com")?.id)
        let token = try await SquirroEmulatorProbe.token(emulator)
        let response = await emulator.handle(EmulatorRequest(
            method: "DELETE", uri: "/api/user/v0/sandbox/users/\(admin)", headers: [(name: "Authorization", value: "Bearer \(token)")]))
        #expect(response.status == 409)
        #expect(emulator.state.user(id: admin) != nil)
    }
}

enum SquirroEmulatorProbe {
    static func token(_ emulator: SquirroEmulator) async throws -> String {
        let response = await emulator.handle(EmulatorRequest(
            method: "POST", uri: "/api/user/oauth2/token",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
            body: Array("tenant=sandbox&grant_type=refresh_token&refresh_token=sandbox-token".utf8)))
        return try #require(SquirroJSON.parse(response.body)?["access_token"]?.string)
    }
}
