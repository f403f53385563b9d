import Testing
import XMLRPC
@testable import RosterSandbox

@Suite struct UyuniUserRulesTests {
    @Test func listRolesIncludesImpliedRoles() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.listRoles", "admin") == .success([
            "satellite_admin", "org_admin", "channel_admin", "config_admin", "system_group_admin", "activation_key_admin", "image_admin",
        ]))
        try harness.createUser("chan1", roles: ["channel_admin"])
        #expect(harness.admin("user.listRoles", "chan1") == .success(["channel_admin"]))
    }

    @Test func setDetailsRejectsUnknownKeys() throws {
        let harness = try UyuniHarness()
        try harness.createUser("jdoe1")
        let details: XMLRPCValue = ["first_name": "Jon", "phone": "1", "nick": "j"]
        #expect(harness.admin("user.setDetails", "jdoe1", details) == handlerFault(2801, "Invalid argument(s): phone, nick"))
        #expect(harness.emulator.state.user(login: "jdoe1")?.firstName == "First")
    }

    @Test func setDetailsValidates() throws {
        let harness = try UyuniHarness()
        try harness.createUser("jdoe1")
        #expect(harness.admin("user.setDetails", "jdoe1", ["prefix": "Sir"]) == handlerFault(-500,
            "Invalid prefix [Sir]. Must be one of [ , ., Dr., Hr., Miss, Mr., Mrs., Ms., Sr.]"))
        #expect(harness.admin("user.setDetails", "jdoe1", ["password": "abc"]) == handlerFault(-500, "Passwords must be at least 5 characters."))
        #expect(harness.admin("user.setDetails", "jdoe1", ["email": "broken"]).faultCode == -500)
        #expect(harness.admin("user.setDetails", "jdoe1", ["first_names": "Jon", "email": "jon@example.com", "prefix": "Dr."]) == .success(1))
        let user = try #require(harness.emulator.state.user(login: "jdoe1"))
        #expect((user.firstName, user.email, user.prefix) == ("Jon", "jon@example.com", "Dr."))
    }

    @Test func lastOrgAdminIsProtected() throws {
        let harness = try UyuniHarness()
        try harness.createUser("helper1")
        #expect(harness.admin("user.removeRole", "admin", "org_admin") == handlerFault(-23, "You do not have permissions to perform this action."))
        #expect(harness.admin("user.disable", "admin") == internalFault("userdisable.error.onlyuser"))
        #expect(harness.admin("user.setReadOnly", "admin", true) == handlerFault(1233,
            "At least one Organization Administrator with regular access must remain in Sandbox Org organization."))
        #expect(harness.admin("user.delete", "admin") == handlerFault(2000, "Cannot delete the last remaining satellite administrator."))
        #expect(harness.emulator.state.user(login: "admin")?.has(role: "org_admin") == true)
        #expect(harness.emulator.state.user(login: "admin")?.enabled == true)
    }

    @Test func anotherOrgAdminLiftsTheProtection() throws {
        let harness = try UyuniHarness()
        try harness.createUser("second1", roles: ["org_admin"])
        #expect(harness.admin("user.disable", "second1") == internalFault("userdisable.error.orgadmin"))
        #expect(harness.admin("user.removeRole", "second1", "org_admin") == .success(1))
        #expect(harness.admin("user.listRoles", "second1") == .success([]))
    }

    @Test func lastOrgAdminCannotBeDeletedWhileOthersRemain() throws {
        var seed = UyuniSeed.default
        seed.users.append(.init(login: "sat22", password: "password1", roles: ["satellite_admin"]))
        let harness = try UyuniHarness(seed: seed)
        let response = harness.admin("user.delete", "admin")  // self-deletion is allowed in itself
        #expect(response.faultCode == -1)
        #expect(response.faultString?.contains("cannot_delete_user") == true)
        #expect(harness.emulator.state.user(login: "admin") != nil)
    }

    @Test func deletePurgesTheUser() throws {
        let harness = try UyuniHarness()
        try harness.createUser("gone1")
        let key = try harness.login("gone1", "password1")
        #expect(harness.admin("user.delete", "GONE1") == .success(1))
        #expect(harness.admin("user.getDetails", "gone1") == handlerFault(-213, "No such user"))
        #expect(harness.call("user.getDetails", .string(key), "gone1").faultString?.contains("LookupException") == true)
    }

    @Test func nonAdminsGetPermissionBeforeExistence() throws {
        let harness = try UyuniHarness()
        try harness.createUser("plain1")
        let key = try harness.login("plain1", "password1")
        #expect(harness.call("user.getDetails", .string(key), "nobody") == handlerFault(-23, "You do not have permissions to perform this action."))
        #expect(harness.call("user.getDetails", .string(key), "plain1").value != nil)
        #expect(harness.call("user.listAssignableRoles", .string(key)) == .success([]))
        #expect(harness.call("user.addRole", .string(key), "plain1", "org_admin") == handlerFault(-2005,
            "Role with the label [org_admin] cannot be assigned/revoked from the user. Possible Roles assignable/revokable by this user []"))
    }

    /// A label the caller cannot assign (a typo, say) is fault -2005 naming what it can assign,
    /// and the user keeps the roles they had.
    @Test func addRoleRefusesAnUnknownLabel() throws {
        let harness = try UyuniHarness()
        try harness.createUser("typo1")
        #expect(harness.admin("user.addRole", "typo1", "org_admn") == handlerFault(-2005,
            "Role with the label [org_admn] cannot be assigned/revoked from the user. Possible Roles assignable/revokable "
            + "by this user [satellite_admin, org_admin, channel_admin, config_admin, system_group_admin, activation_key_admin, image_admin]"))
        #expect(harness.admin("user.removeRole", "typo1", "org_admn").faultCode == -2005)
        #expect(harness.emulator.state.user(login: "typo1")?.roles == [])
        #expect(harness.admin("user.listAssignableRoles").value?.array?.contains("org_admn") == false)
    }

    @Test func satelliteAdminRole() throws {
        let harness = try UyuniHarness()
        try harness.createUser("sat22")
        #expect(harness.admin("user.addRole", "nobody", "satellite_admin") == internalFault("Could not find user nobody"))
        #expect(harness.admin("user.removeRole", "admin", "satellite_admin") == internalFault(
            "The user admin is the last Satellite Administrator and cannot be removed from the Satellite Administrator role."))
        #expect(harness.admin("user.addRole", "sat22", "satellite_admin") == .success(1))
        #expect(harness.admin("user.removeRole", "admin", "satellite_admin") == .success(1))
        #expect(harness.admin("user.listAssignableRoles").value?.array?.contains("satellite_admin") == false)
    }

    @Test func enableAndFlags() throws {
        let harness = try UyuniHarness()
        try harness.createUser("flags1")
        #expect(harness.admin("user.disable", "flags1") == .success(1))
        #expect(harness.admin("user.disable", "flags1") == .success(1))
        #expect(harness.admin("user.enable", "flags1") == .success(1))
        #expect(harness.admin("user.usePamAuthentication", "flags1", 1) == .success(1))
        #expect(harness.admin("user.setErrataNotifications", "flags1", false) == .success(1))
        let user = try #require(harness.emulator.state.user(login: "flags1"))
        #expect(user.enabled && user.usePam && !user.errataNotification)
    }
}
