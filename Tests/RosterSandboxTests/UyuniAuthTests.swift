import Testing
import XMLRPC
@testable import RosterSandbox

@Suite struct UyuniAuthTests {
    @Test func sessionKeyShape() throws {
        let harness = try UyuniHarness()
        #expect(UyuniSessions.isKeyShaped(harness.adminKey))
        #expect(harness.adminKey.split(separator: "x")[1].count == 64)
        #expect(!UyuniSessions.isKeyShaped("0x" + String(repeating: "a", count: 64)))
        #expect(!UyuniSessions.isKeyShaped("12x" + String(repeating: "A", count: 64)))
    }

    @Test func badCredentialsAndDisabledAccounts() throws {
        let harness = try UyuniHarness()
        let wrong = handlerFault(2950, "Either the password or username is incorrect.")
        #expect(harness.call("auth.login", "admin", "nope") == wrong)
        #expect(harness.call("auth.login", "ghost", "sandbox-admin") == wrong)
        #expect(harness.call("auth.login", "ADMIN", "sandbox-admin").value?.string != nil)  // login_uc lookup
        try harness.createUser("worker1")
        #expect(harness.admin("user.disable", "worker1") == .success(1))
        #expect(harness.call("auth.login", "worker1", "password1") == handlerFault(2950, "Your account has been deactivated."))
    }

    /// `user.disable` purges the user's sessions: a key the user held before is an unknown session
    /// (the lookup fault), and the user cannot sign in again while disabled; enabling does not bring
    /// the old key back.
    @Test func disablingEndsTheUsersSessions() throws {
        let harness = try UyuniHarness()
        try harness.createUser("worker2")
        let key = try harness.login("worker2", "password1")
        let id = key.split(separator: "x")[0]
        #expect(harness.call("user.getDetails", .string(key), "worker2").value != nil)
        #expect(harness.admin("user.disable", "worker2") == .success(1))
        let gone = XMLRPCResponse.fault(code: -1, string:
            "com.redhat.rhn.common.hibernate.LookupException: Could not find session with id: \(id)")
        #expect(harness.call("user.getDetails", .string(key), "worker2") == gone)
        #expect(harness.call("auth.login", "worker2", "password1") == handlerFault(2950, "Your account has been deactivated."))
        #expect(harness.admin("user.enable", "worker2") == .success(1))
        #expect(harness.call("user.getDetails", .string(key), "worker2") == gone)
        #expect(try harness.login("worker2", "password1") != key)
        // The state's own check agrees with the handler's.
        let state = harness.emulator.state
        #expect((try? state.signIn(login: "worker2", password: "password1")) != nil)
        #expect((try? state.signIn(login: "worker2", password: "wrong-one")) == nil)
    }

    @Test func durationMayNotExceedTheLifetime() throws {
        let harness = try UyuniHarness()
        #expect(harness.call("auth.login", "admin", "sandbox-admin", 3600).value?.string != nil)
        #expect(harness.call("auth.login", "admin", "sandbox-admin", 3601) == internalFault(
            "The session duration cannot exceed the maximum duration allowed by the database (currently 3600)"))
    }

    @Test func sessionFaultsKeepTheirJavaClass() throws {
        let harness = try UyuniHarness()
        let id = harness.adminKey.split(separator: "x")[0]
        #expect(harness.call("user.listUsers", "not-a-key") == .fault(code: -1, string:
            "com.redhat.rhn.common.translation.TranslationException: Could not find translator for class java.lang.String to class com.redhat.rhn.domain.user.User"))
        let unknown = "99x" + String(repeating: "a", count: 64)
        #expect(harness.call("user.listUsers", .string(unknown)) == .fault(code: -1, string:
            "com.redhat.rhn.common.hibernate.LookupException: Could not find session with id: 99"))
        let wrongHash = "\(id)x" + String(repeating: "0", count: 64)
        #expect(harness.call("user.listUsers", .string(wrongHash)) == .fault(code: -1, string:
            "com.redhat.rhn.domain.session.InvalidSessionIdException: Session id: \(id) is not valid."))
    }

    @Test func sessionsExpireAfterTheLifetimeSinceLastUse() throws {
        var seed = UyuniSeed.default
        seed.sessionLifetime = 600
        let harness = try UyuniHarness(seed: seed)
        let id = harness.adminKey.split(separator: "x")[0]
        harness.clock.advance(by: 500)
        #expect(harness.admin("user.listUsers").value != nil)  // slides the expiry
        harness.clock.advance(by: 500)
        #expect(harness.admin("user.listUsers").value != nil)
        harness.clock.advance(by: 601)
        #expect(harness.admin("user.listUsers") == .fault(code: -1, string:
            "com.redhat.rhn.common.hibernate.LookupException: Could not find session with id: \(id)"))
    }

    @Test func logout() throws {
        let harness = try UyuniHarness()
        #expect(harness.call("auth.logout", .string(harness.adminKey)) == .success(1))
        #expect(harness.admin("user.listUsers").faultString?.hasPrefix("com.redhat.rhn.common.hibernate.LookupException") == true)
        #expect(harness.call("auth.logout", .string(harness.adminKey)).faultString?.contains("Could not find session with id") == true)
    }

    @Test func readOnlyUsersMayOnlyRead() throws {
        let harness = try UyuniHarness()
        try harness.createUser("reader1", roles: ["org_admin"])
        #expect(harness.admin("user.setReadOnly", "reader1", true) == .success(1))
        let key = try harness.login("reader1", "password1")
        #expect(harness.call("user.listUsers", .string(key)).value != nil)
        #expect(harness.call("user.getDetails", .string(key), "admin").value != nil)
        #expect(harness.call("user.create", .string(key), "someone", "password1", "A", "B", "a@example.com") == .fault(
            code: -1, string: "java.lang.SecurityException: The user.create API is not available to read-only API users"))
        #expect(harness.emulator.state.user(login: "someone") == nil)
    }

    @Test func unknownMethodOrArgumentCount() throws {
        let harness = try UyuniHarness()
        #expect(harness.admin("user.getDetails") == handlerFault(-1,
            "Could not find method: getDetails in class: com.redhat.rhn.frontend.xmlrpc.user.UserHandler with params: [com.redhat.rhn.domain.user.legacy.UserImpl]"))
        #expect(harness.admin("user.frobnicate", "x", 1) == handlerFault(-1,
            "Could not find method: frobnicate in class: com.redhat.rhn.frontend.xmlrpc.user.UserHandler with params: [com.redhat.rhn.domain.user.legacy.UserImpl, java.lang.String, java.lang.Integer]"))
        #expect(harness.admin("user.setReadOnly", "admin", 1) == .fault(code: -1, string:
            "com.redhat.rhn.common.translation.TranslationException: Could not find translator for class java.lang.Integer to class java.lang.Boolean"))
    }

    @Test func apiHelpersNeedNoSession() throws {
        let harness = try UyuniHarness()
        #expect(harness.call("api.getVersion") == .success("27"))
        #expect(harness.call("api.systemVersion").value?.string != nil)
    }
}
