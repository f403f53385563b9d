import Testing
import XMLRPC
@testable import RosterSandbox

@Suite struct UyuniGroupTests {
    func makeHarness() throws -> UyuniHarness {
        let harness = try UyuniHarness()
        #expect(harness.admin("systemgroup.create", "db", "Databases").value != nil)
        try harness.createUser("jdoe1")
        return harness
    }

    @Test func systemGroupStructLayout() throws {
        let harness = try UyuniHarness()
        let created = try #require(harness.admin("systemgroup.create", "mail", "").value?.structValue)
        #expect(created.names == ["id", "name", "description", "system_count", "org_id"])
        #expect(created.layout == .serializer)
        #expect(created["description"] == "none")
        harness.emulator.modifyState { $0.groups[0].description = nil }
        let web = try #require(harness.admin("systemgroup.getDetails", "web").value?.structValue)
        #expect(web.names == ["id", "name", "system_count", "org_id"])
        #expect(harness.admin("systemgroup.getDetails", 1).value?.structValue?["name"] == "web")
        #expect(harness.admin("systemgroup.getDetails", "nope") == internalFault("Unable to locate or access server group: nope"))
    }

    @Test func duplicateAndBlankGroupNames() throws {
        let harness = try makeHarness()
        #expect(harness.admin("systemgroup.create", "db", "again") == internalFault(
            "Duplicate server group requested to be created..Server Group with name -[db] and org - [Sandbox Org] already exists"))
        #expect(harness.admin("systemgroup.create", " ", "x") == internalFault(
            "ServerGroup create exception. Null value provided for the non null field -> 'name'."))
        #expect(harness.admin("systemgroup.listAllGroups").value?.array?.count == 2)
    }

    @Test func defaultGroupsAreAllOrNothing() throws {
        let harness = try makeHarness()
        #expect(harness.admin("user.addDefaultSystemGroups", "jdoe1", ["web", "nope", "db"]) == handlerFault(2201,
            "Unable to locate or access server group: \"nope\""))
        #expect(harness.emulator.state.user(login: "jdoe1")?.defaultGroupIds == [])
        #expect(harness.admin("user.addDefaultSystemGroups", "jdoe1", ["web", "db"]) == .success(1))
        #expect(harness.admin("user.addDefaultSystemGroups", "jdoe1", []) == internalFault("no servergroup names supplied"))
        #expect(harness.admin("user.addDefaultSystemGroup", "jdoe1", "WEB").faultCode == 2201)  // names are case-sensitive
        #expect(harness.admin("user.removeDefaultSystemGroup", "jdoe1", "web") == .success(1))
        let names = harness.admin("user.listDefaultSystemGroups", "jdoe1").value?.array?.compactMap { $0.structValue?["name"] }
        #expect(names == ["db"])
    }

    @Test func assignedGroupsAreAllOrNothing() throws {
        let harness = try makeHarness()
        #expect(harness.admin("user.addAssignedSystemGroups", "jdoe1", ["web", "nope"], true) == handlerFault(2200, "Invalid server group"))
        #expect(harness.emulator.state.user(login: "jdoe1")?.assignedGroupIds == [])
        #expect(harness.admin("user.addAssignedSystemGroups", "jdoe1", ["web", "db"], true) == .success(1))
        let user = try #require(harness.emulator.state.user(login: "jdoe1"))
        #expect(user.assignedGroupIds == [1, 2])
        #expect(user.defaultGroupIds == [1, 2])
        #expect(harness.admin("user.removeAssignedSystemGroups", "jdoe1", ["db", "nope"], false) == handlerFault(2200, "Invalid server group"))
        #expect(harness.admin("user.removeAssignedSystemGroup", "jdoe1", "db", true) == .success(1))
        let after = try #require(harness.emulator.state.user(login: "jdoe1"))
        #expect(after.assignedGroupIds == [1])
        #expect(after.defaultGroupIds == [1])
        #expect(harness.admin("user.removeAssignedSystemGroups", "ghost1", ["web"], false) == internalFault("Could not find user ghost1"))
    }

    @Test func nonAdminSeesOnlyItsGroups() throws {
        let harness = try makeHarness()
        #expect(harness.admin("user.addAssignedSystemGroup", "jdoe1", "db", false) == .success(1))
        let key = try harness.login("jdoe1", "password1")
        let names = harness.call("systemgroup.listAllGroups", .string(key)).value?.array?.compactMap { $0.structValue?["name"] }
        #expect(names == ["db"])
        #expect(harness.call("user.addAssignedSystemGroup", .string(key), "jdoe1", "web", false) == handlerFault(2200, "Invalid server group"))
        #expect(harness.call("systemgroup.create", .string(key), "x1", "y") == handlerFault(-23,
            "You do not have permissions to perform this action. You need to have at least a System Group Administrator role to perform this action"))
    }

    @Test func deleteAndUpdateGroups() throws {
        let harness = try makeHarness()
        #expect(harness.admin("user.addAssignedSystemGroup", "jdoe1", "db", true) == .success(1))
        #expect(harness.admin("systemgroup.update", "db", "Big databases").value?.structValue?["description"] == "Big databases")
        #expect(harness.admin("systemgroup.addOrRemoveAdmins", "web", ["jdoe1"], true) == .success(1))
        #expect(harness.admin("systemgroup.delete", "db") == .success(1))
        let user = try #require(harness.emulator.state.user(login: "jdoe1"))
        #expect(user.assignedGroupIds == [1])
        #expect(user.defaultGroupIds == [])
        #expect(harness.admin("systemgroup.addOrRemoveAdmins", "web", ["jdoe1", "ghost1"], false) == handlerFault(-213, "No such user"))
        #expect(harness.emulator.state.user(login: "jdoe1")?.assignedGroupIds == [1])
    }
}
