import CteraXML
import Foundation
@testable import RosterSandbox
import Testing

/// The emulators refuse a reference to an object the server does not have, as the vendors do, so
/// that the plan's reference checks are what stands between a typo and a half-done apply.
@Suite struct EmulatorReferenceTests {
    typealias Squirro = SquirroEmulatorTests

    /// Squirro answers 404 for a group, a project or a workspace it does not know, and changes nothing.
    @Test func squirroRefusesUnknownGroupsProjectsAndWorkspaces() async throws {
        let emulator = try SquirroEmulator()
        let token = try await Squirro.token(emulator)
        let (created, user) = await Squirro.call(emulator, token, "POST", "/api/user/v0/sandbox/users",
                                                 json: #"{"email":"u1@example.com","password":"Secret123!","role":"user"}"#)
        #expect(created == 201)
        let id = try #require(user?["id"]?.string)
        let before = emulator.state
        let (group, _) = await Squirro.call(emulator, token, "POST", "/api/user/v0/sandbox/groups/platfrom",
                                            json: #"{"user_id":"\#(id)"}"#)
        #expect(group == 404)
        let (members, _) = await Squirro.call(emulator, token, "GET", "/api/user/v0/sandbox/projects/reserch/members")
        #expect(members == 404)
        let (member, _) = await Squirro.call(emulator, token, "POST", "/api/user/v0/sandbox/projects/reserch/members",
                                             json: #"{"member_type":"user","member_id":"\#(id)","project_role":"member"}"#)
        #expect(member == 404)
        let (workspace, _) = await Squirro.call(emulator, token, "POST", "/api/user/v2/workspaces/labb/users",
                                                json: #"{"user_ids":["\#(id)"],"role":"user"}"#)
        #expect(workspace == 404)
        #expect(emulator.state == before)
        // The known project answers.
        let (known, _) = await Squirro.call(emulator, token, "GET", "/api/user/v0/sandbox/projects/research/members")
        #expect(known == 200)
    }

    /// The portal answers a query of a directory it is not connected to with 404.
    @Test func cteraRefusesAnUnknownDirectory() async throws {
        try await withEmulatorServer(try CteraEmulator()) { server in
            let portal = try await CteraEmulatorTests.Portal.login(server)
            _ = try await portal.send("PUT", "/currentPortal", "<val>acme</val>")
            let param = CteraObject(nil, ["startFrom": .int(0), "countLimit": .int(50), "include": .list([.text("name")])])
            let envelope = CteraObject(nil, ["type": .text("db"), "name": .text("query"), "param": .object(param)])
            let unknown = try await portal.send("POST", "/domains/demo.locl/adUsers", envelope.xml())
            #expect(unknown.status == 404, "\(unknown.status)")
            let known = try await portal.send("POST", "/domains/demo.local/adUsers", envelope.xml())
            #expect(known.status == 200, "\(known.status)")
        }
    }
}
