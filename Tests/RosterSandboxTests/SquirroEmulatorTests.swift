import Foundation
@testable import RosterSandbox
import Testing

/// The Squirro emulator's wire rules, called in-process (no HTTP): statuses, bodies, quirks.
@Suite struct SquirroEmulatorTests {
    static let form = [(name: "Content-Type", value: "application/x-www-form-urlencoded")]
    static let json = [(name: "Content-Type", value: "application/json")]

    /// A token from the default seed's refresh token.
    static func token(_ emulator: SquirroEmulator) async throws -> String {
        let response = await emulator.handle(EmulatorRequest(
            method: "POST", uri: "/api/user/oauth2/token", headers: form,
            body: Array("client_id=cid&client_secret=csecret&tenant=sandbox&grant_type=refresh_token&refresh_token=sandbox-token".utf8)))
        #expect(response.status == 200)
        let body = try #require(SquirroJSON.parse(response.body))
        #expect(body["refresh_token"] == "sandbox-token")
        #expect(body["tenant"] == "sandbox")
        return try #require(body["access_token"]?.string)
    }

    static func call(_ emulator: SquirroEmulator, _ token: String, _ method: String, _ uri: String,
                     form body: String? = nil, json: String? = nil) async -> (Int, SquirroJSON?) {
        var headers = [(name: "Authorization", value: "Bearer \(token)")]
        if body != nil { headers += form }
        if json != nil { headers += Self.json }
        let response = await emulator.handle(EmulatorRequest(method: method, uri: uri, headers: headers,
                                                             body: Array((body ?? json ?? "").utf8)))
        return (response.status, response.body.isEmpty ? nil : SquirroJSON.parse(response.body))
    }

    @Test func everyExchangeMintsANewAccessToken() async throws {
        let emulator = try SquirroEmulator()
        let first = try await Self.token(emulator)
        let second = try await Self.token(emulator)
        #expect(first != second)
        #expect(first.count == 40)
        let (status, body) = await Self.call(emulator, "stale", "GET", "/api/user/v0/sandbox/users")
        #expect(status == 401)
        #expect(body?["error"] == "Access token missing, invalid or expired")
        let refused = await emulator.handle(EmulatorRequest(method: "POST", uri: "/api/user/oauth2/token", headers: Self.form,
                                                           body: Array("grant_type=refresh_token&refresh_token=nope".utf8)))
        #expect(refused.status == 404)
    }

    @Test func exactSuccessStatusesAndErrorBodies() async throws {
        let emulator = try SquirroEmulator()
        let token = try await Self.token(emulator)
        let (created, user) = await Self.call(emulator, token, "POST", "/api/user/v0/sandbox/users",
                                              json: #"{"email":"u1@example.com","password":"Secret123!","role":"user"}"#)
        #expect(created == 201)
        let id = try #require(user?["id"]?.string)
        #expect(id.count == 22)
        let (duplicate, error) = await Self.call(emulator, token, "POST", "/api/user/v0/sandbox/users",
                                                 json: #"{"email":"u1@example.com","password":"Secret123!","role":"user"}"#)
        #expect(duplicate == 409)
        #expect(error?["error"] == "User with this email already exists")
        let (weak, rule) = await Self.call(emulator, token, "POST", "/api/user/v0/sandbox/users",
                                           json: #"{"email":"u2@example.com","password":"short","role":"user"}"#)
        #expect(weak == 400)
        #expect(rule?["error"] == "Password must be at least 8 characters long")
        let (member, answer) = await Self.call(emulator, token, "POST", "/api/user/v0/sandbox/projects/research/members",
                                               form: "user_id=\(id)&role=member")
        #expect(member == 200)
        #expect(answer?["member_type"] == "user")
        let (deleted, empty) = await Self.call(emulator, token, "DELETE", "/api/user/v0/sandbox/projects/research/members/\(id)")
        #expect(deleted == 204)
        #expect(empty == nil)
        let (unknown, _) = await Self.call(emulator, token, "GET", "/api/user/v0/sandbox/nothing/here")
        #expect(unknown == 404)
    }

    @Test func groupMembersAreJSONTextInAFormField() async throws {
        let emulator = try SquirroEmulator()
        let token = try await Self.token(emulator)
        let admin = try #require(emulator.state.user(email: "admin@example.com")?.id)
        let members = "%5B%7B%22id%22%3A%22\(admin)%22%7D%5D"
        let (status, group) = await Self.call(emulator, token, "POST", "/api/user/v0/sandbox/groups",
                                              form: "name=Team+East&members=\(members)")
        #expect(status == 201)
        #expect(group?["name"] == "Team East")
        #expect(group?["members"]?.array?.first?["id"]?.string == admin)
        let gid = try #require(group?["id"]?.string)
        let (_, listed) = await Self.call(emulator, token, "GET", "/api/user/v0/sandbox/groups")
        #expect(listed?.array?.count == 1)
        let (_, withProjects) = await Self.call(emulator, token, "GET", "/api/user/v0/sandbox/groups/\(gid)?include_projects=True")
        #expect(withProjects?["projects"] == [])
        let (_, without) = await Self.call(emulator, token, "GET", "/api/user/v0/sandbox/groups/\(gid)?include_projects=False")
        #expect(without?["projects"] == nil)
    }

    @Test func workspaceUserLeavesGroupsBeforeTheWorkspace() async throws {
        let emulator = try SquirroEmulator()
        let token = try await Self.token(emulator)
        let (created, workspace) = await Self.call(emulator, token, "POST", "/api/user/v2/workspaces", json: #"{"title":"Project 5"}"#)
        #expect(created == 201)
        #expect(workspace == ["domain": "project-5", "title": "Project 5"])
        let (_, added) = await Self.call(emulator, token, "POST", "/api/user/v2/workspaces/project-5/users",
                                         json: #"{"emails":["new@example.com"],"role":"reader"}"#)
        let uid = try #require(added?.array?.first?["user_id"]?.string)
        let (_, group) = await Self.call(emulator, token, "POST", "/api/user/v0/project-5/groups", form: "name=G")
        let gid = try #require(group?["id"]?.string)
        _ = await Self.call(emulator, token, "POST", "/api/user/v0/project-5/groups/\(gid)", form: "user_id=\(uid)")
        let (refused, _) = await Self.call(emulator, token, "DELETE", "/api/user/v2/workspaces/project-5/users/\(uid)")
        #expect(refused == 409)
        let (_, user) = await Self.call(emulator, token, "GET", "/api/user/v0/project-5/users/\(uid)")
        #expect(user?["groups"]?.array?.first?["id"]?.string == gid)
        let (left, _) = await Self.call(emulator, token, "DELETE", "/api/user/v0/project-5/groups/\(gid)/members/\(uid)")
        #expect(left == 204)
        let (deleted, _) = await Self.call(emulator, token, "DELETE", "/api/user/v2/workspaces/project-5/users/\(uid)")
        #expect(deleted == 204)
        let (_, listed) = await Self.call(emulator, token, "GET", "/api/user/v2/workspaces?include_projects=False&admin_only=False")
        #expect(listed?["workspaces"]?.array?.compactMap { $0["domain"]?.string } == ["project-5", "sandbox"])
    }

    @Test func seedErrorsHaveAPlace() throws {
        #expect(throws: SandboxError("unknown role 'boss'; known roles: admin, user, demo, reader", location: "seed.yaml:2:34")) {
            _ = try SquirroSeed.parse("users:\n  - {email: a@example.com, role: boss}\n", file: "seed.yaml")
        }
        let seed = try SquirroSeed.parse("tenant: acme\nusers:\n  - {email: a@example.com, role: admin, refresh_token: t1}\n",
                                         file: "seed.yaml")
        let state = try seed.makeState()
        #expect(state.workspace("acme")?.members.values.first == "admin")
        #expect(state.grants.first?.refreshToken == "t1")
    }
}
