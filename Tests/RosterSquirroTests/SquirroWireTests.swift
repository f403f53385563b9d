import Foundation
import Logging
import RosterCore
@testable import RosterRuntime
@testable import RosterSandbox
@testable import RosterSquirro
import Synchronization
import Testing

/// What the provider puts on the wire, compared with what squirroclient sends (captures/squirro.md).
@Suite struct SquirroWireTests {
    /// Passes requests to the emulator and keeps them.
    final class Recorder: EmulatorService {
        let type = "squirro"
        let inner: SquirroEmulator
        let requests = Mutex<[EmulatorRequest]>([])
        init(_ inner: SquirroEmulator) { self.inner = inner }
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            requests.withLock { $0.append(request) }
            return await inner.handle(request)
        }
        func first(_ method: String, _ suffix: String) -> EmulatorRequest? {
            requests.withLock { $0.first { $0.method == method && $0.path.hasSuffix(suffix) } }
        }
    }

    @Test func requestsAreShapedLikeTheSDKs() async throws {
        let recorder = Recorder(try SquirroEmulator())
        try await withEmulatorServer(recorder) { server in
            let client = SquirroClient(backend: "squirro", url: server.baseURL,
                                       settings: .init(tenant: "sandbox", token: Secret("sandbox-token"), clientID: "cid",
                                                       clientSecret: Secret("csecret")),
                                       mode: .readWrite, logger: Logger(label: "test"))
            let user = try await client.addUser(email: "user01@example.com", password: Secret("Secret123!"), role: "user")
            let id = try #require(user["id"]?.string)
            _ = try await client.userData(id, includeProjects: true, object: "user01@example.com")
            _ = try await client.workspaces()
            let group = try await client.createGroup("Team East")
            try await client.addGroupMember(try #require(group["id"]?.string), userID: id, object: "user01@example.com")
            try await client.addProjectMember("research", userID: id, role: "member", object: "user01@example.com")
            await client.close()

            let token = try #require(recorder.first("POST", "/api/user/oauth2/token"))
            #expect(String(decoding: token.body, as: UTF8.self)
                == "client_id=cid&client_secret=csecret&tenant=sandbox&grant_type=refresh_token&refresh_token=sandbox-token")
            #expect(token.header("Authorization") == nil)
            #expect(token.header("Content-Type") == "application/x-www-form-urlencoded")
            let add = try #require(recorder.first("POST", "/api/user/v0/sandbox/users"))
            #expect(String(decoding: add.body, as: UTF8.self) == #"{"email":"user01@example.com","password":"Secret123!","role":"user"}"#)
            #expect(add.header("Content-Type") == "application/json")
            #expect(add.header("Authorization")?.hasPrefix("Bearer ") == true)
            #expect(recorder.first("GET", "/api/user/v1/sandbox/users/\(id)")?.queryValue("include_projects") == "True")
            let listing = try #require(recorder.first("GET", "/api/user/v2/workspaces"))
            #expect(listing.query.map { "\($0.name)=\($0.value)" } == ["include_projects=False", "admin_only=False"])
            #expect(String(decoding: try #require(recorder.first("POST", "/api/user/v0/sandbox/groups")).body, as: UTF8.self)
                == "name=Team+East")
            #expect(String(decoding: try #require(recorder.first("POST", "/members")).body, as: UTF8.self)
                == "user_id=\(id)&role=member")
        }
    }

    @Test func urlBaseFollowsTheSDKsCluster() {
        #expect(SquirroClient.base(for: "https://squirro.example.com") == "https://squirro.example.com/api/user")
        #expect(SquirroClient.base(for: "https://squirro.example.com/") == "https://squirro.example.com/api/user")
        #expect(SquirroClient.base(for: "https://x.example.com/api/user") == "https://x.example.com/api/user")
    }

    @Test func slugMatchesTheEmulators() {
        for title in ["Project 5", "Research  Lab!", "ÄBC x"] {
            #expect(SquirroProvider.slug(title) == SquirroWorld.slug(title))
        }
        #expect(SquirroProvider.slug("Project 5") == "project-5")
    }
}
