import Testing
import XMLRPC
@testable import RosterSandbox

@Suite struct UyuniUserCreateTests {
    let taken = "That username is already taken; please choose another."

    @Test func loginsAreUniqueIgnoringCase() throws {
        let harness = try UyuniHarness()
        try harness.createUser("jdoe1")
        #expect(harness.admin("user.create", "JDoe1", "password1", "J", "D", "j@example.com") == internalFault(taken))
        #expect(harness.admin("user.create", "ADMIN", "password1", "J", "D", "j@example.com") == internalFault(taken))
        #expect(harness.emulator.state.users.map(\.login) == ["admin", "jdoe1"])
    }

    @Test(arguments: [
        ("abcd", "Logins must be no shorter than 5 characters."),
        (String(repeating: "a", count: 64), "The desired login you requested is too long. Logins must be no longer than 63 characters."),
        ("john doe", "john doe contains invalid characters. Logins may not contain whitespace or any of & + % ' ` \" = #."),
        ("john#doe", "john#doe contains invalid characters. Logins may not contain whitespace or any of & + % ' ` \" = #."),
        ("jöhndoe", "jöhndoe contains invalid characters. Logins may not contain whitespace or any of & + % ' ` \" = #."),
    ])
    func loginRules(_ login: String, _ message: String) throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.create", .string(login), "password1", "A", "B", "a@example.com") == internalFault(message))
    }

    @Test func loginBoundariesAreAccepted() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.create", "abcde", "password1", "A", "B", "a@example.com") == .success(1))
        #expect(harness.admin("user.create", .string(String(repeating: "b", count: 63)), "password1", "A", "B", "a@example.com") == .success(1))
        #expect(harness.admin("user.create", "x.y-z_w@corp", "password1", "A", "B", "a@example.com") == .success(1))
    }

    @Test func passwordPolicyFromTheSeed() throws {
        var seed = UyuniSeed.default
        seed.passwordPolicy = .init(minLength: 8, maxLength: 10)
        let harness = try UyuniHarness(seed: seed)
        #expect(harness.admin("user.create", "short1", "1234567", "A", "B", "a@example.com") == internalFault("Passwords must be at least 8 characters."))
        #expect(harness.admin("user.create", "long12", "12345678901", "A", "B", "a@example.com") == internalFault("Passwords cannot be more than 10 characters."))
        #expect(harness.admin("user.create", "right1", "12345678", "A", "B", "a@example.com") == .success(1))
    }

    @Test func messagesAreJoinedInTheServersOrder() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.create", "ab", "pw", "A", "B", "not-an-email") == internalFault(
            "Passwords must be at least 5 characters. :: Entered email address is not valid :: Logins must be no shorter than 5 characters."))
    }

    @Test func passwordRequiredUnlessPam() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.create", "nopass1", "", "A", "B", "a@example.com") == handlerFault(-501, "Password is required if not using PAM authentication"))
        #expect(harness.admin("user.create", "pamuser1", "", "A", "B", "a@example.com", 1) == .success(1))
        #expect(harness.emulator.state.user(login: "pamuser1")?.usePam == true)
        #expect(harness.admin("user.create", "pamuser2", "", "A", "B", "a@example.com", 2) == internalFault("The Integer did not match either specified value"))
    }

    @Test func onlyOrgAdminsCreate() throws {
        let harness = try UyuniHarness()
        try harness.createUser("plain1")
        let key = try harness.login("plain1", "password1")
        #expect(harness.call("user.create", .string(key), "other1", "password1", "A", "B", "a@example.com") == handlerFault(-23,
            "You do not have permissions to perform this action. You need to have at least a Organization Administrator role to perform this action"))
    }

    @Test func newUserDefaultsAndDetails() throws {
        let harness = try UyuniHarness()
        try harness.createUser("jdoe1")
        let details = try #require(harness.admin("user.getDetails", "JDOE1").value?.structValue)
        #expect(details.names.sorted() == ["created_date", "email", "enabled", "errata_notification", "first_name", "first_names",
                                          "last_login_date", "last_name", "org_id", "org_name", "prefix", "read_only", "use_pam"])
        #expect(details["prefix"] == " ")
        #expect(details["org_name"] == "Sandbox Org")
        #expect(details["org_id"] == 1)
        #expect(details["errata_notification"] == true)
        #expect(details["last_login_date"] == "")
        #expect(details["created_date"] == "11/14/23 10:13:20 PM UTC")
        #expect(harness.admin("user.listRoles", "jdoe1") == .success([]))
    }

    @Test func createDefaultSystemGroupSetting() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.getCreateDefaultSystemGroup") == .success(false))
        #expect(harness.admin("user.setCreateDefaultSystemGroup", true) == .success(1))
        try harness.createUser("grouped1")
        let groups = try #require(harness.admin("user.listDefaultSystemGroups", "grouped1").value?.array)
        #expect(groups.count == 1)
        #expect(groups.first?.structValue?["name"] == "grouped1")
        #expect(groups.first?.structValue?["description"] == "grouped1 default system group")
        #expect(harness.admin("user.listAssignedSystemGroups", "grouped1") == .success(.array(groups)))
    }
}
