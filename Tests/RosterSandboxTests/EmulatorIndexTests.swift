import Testing
import XMLRPC
@testable import RosterSandbox

/// The emulators find users through an index built on the first lookup; it must follow every
/// change to the users, and bulk seeding must still refuse duplicates.
struct EmulatorIndexTests {
    static func uyuniSeed(_ count: Int) -> UyuniSeed {
        var seed = UyuniSeed.default
        for i in 0..<count { seed.users.append(.init(login: "user\(i)", password: "password\(i)")) }
        return seed
    }

    @Test func uyuniLookupsFollowRemovalsAndAdditions() throws {
        let emulator = try UyuniEmulator(seed: Self.uyuniSeed(50))
        #expect(emulator.state.user(login: "USER7")?.login == "user7")
        emulator.modifyState { state in
            var newcomer = state.users[1]
            state.users.removeAll { $0.login == "user7" }
            newcomer.login = "Newcomer"
            newcomer.id = state.nextUserId
            state.nextUserId += 1
            state.users.append(newcomer)
        }
        let state = emulator.state
        #expect(state.user(login: "user7") == nil)
        #expect(state.user(login: "newcomer")?.login == "Newcomer")
        #expect(state.user(login: "user8")?.login == "user8")
        #expect(state.userIndex(id: state.user(login: "user49")!.id) == state.users.firstIndex { $0.login == "user49" })
    }

    /// `user.create` runs on the emulator's state in place and extends the built index; a refused
    /// create changes nothing.
    @Test func uyuniCreatesExtendTheIndexAndARefusalChangesNothing() throws {
        let emulator = try UyuniEmulator(seed: Self.uyuniSeed(20))
        for i in 0..<6 { _ = emulator.state.user(login: "user\(i)") }   // the index is built
        guard case .success(let key) = emulator.perform(XMLRPCMethodCall(methodName: "auth.login",
                                                                      params: ["admin", "sandbox-admin"])) else {
            Issue.record("no session")
            return
        }
        let count = emulator.state.users.count   // no copy of the state is kept while creating
        for i in 0..<5 {
            let created = emulator.perform(XMLRPCMethodCall(methodName: "user.create",
                                                            params: [key, .string("newuser\(i)"), .string("password\(i)"), "N", "U", .string("n\(i)@example.com")]))
            #expect(created == .success(1))
        }
        let before = emulator.state
        let refused = emulator.perform(XMLRPCMethodCall(methodName: "user.create",
                                                        params: [key, "NEWUSER3", "password", "N", "U", "x@example.com"]))
        guard case .fault = refused else {
            Issue.record("a login equal but for case was accepted: \(refused)")
            return
        }
        let state = emulator.state
        #expect(state.users.count == count + 5 && state.users.count == before.users.count)
        for i in 0..<5 {
            #expect(state.user(login: "NEWUSER\(i)")?.email == "n\(i)@example.com")
            #expect(state.userIndex(login: "newuser\(i)") == state.users.firstIndex { $0.login == "newuser\(i)" })
        }
        #expect(state.user(login: "user19")?.login == "user19")
        #expect(!state.users.contains { $0.email == "x@example.com" })
    }

    @Test func cloudFindsEmailsIgnoringCaseWithoutCopies() throws {
        let lower: (String) -> String = { $0.lowercased() }
        #expect(equalIgnoringCase("Ann.Lee@Example.COM", "ann.lee@example.com", fold: lower))
        #expect(!equalIgnoringCase("ann@example.com", "ann@example.org", fold: lower))
        #expect(!equalIgnoringCase("ann@example.com", "ann@example.co", fold: lower))
        #expect(!equalIgnoringCase("a@x.io", "à@x.io", fold: lower))
        #expect(equalIgnoringCase("ÉVA@Example.com", "éva@example.com", fold: lower))
        var seed = CloudSeed.default
        seed.users.append(.init(email: "Mixed.Case@Example.com", password: "Pass-word-1"))
        let state = try seed.makeState(now: 0)
        #expect(state.user(email: "MIXED.case@example.COM")?.email == "Mixed.Case@Example.com")
        #expect(state.user(email: "mixed.case@example.co") == nil)
    }

    @Test func uyuniSeedRefusesLoginsEqualButForCase() {
        var seed = Self.uyuniSeed(3)
        seed.users.append(.init(login: "USER1", password: "password"))
        #expect(throws: SandboxError.self) { _ = try UyuniEmulator(seed: seed) }
    }

    @Test func squirroLookupsFollowRemovals() throws {
        var seed = SquirroSeed.default
        for i in 0..<20 { seed.users.append(.init(email: "u\(i)@example.com", password: "Password-\(i)")) }
        let emulator = try SquirroEmulator(seed: seed)
        let id = try #require(emulator.state.user(email: "U3@example.com")?.id)
        #expect(emulator.state.user(id: id)?.email == "u3@example.com")
        var state = emulator.state
        state.removeUser(id)
        #expect(state.user(id: id) == nil)
        #expect(state.user(email: "u3@example.com") == nil)
        #expect(state.user(email: "u4@example.com") != nil)
    }

    @Test func squirroAndCloudSeedsRefuseDuplicates() {
        var squirro = SquirroSeed.default
        squirro.users += [.init(email: "a@example.com"), .init(email: "A@example.com")]
        #expect(throws: SandboxError.self) { _ = try squirro.makeState() }
        var cloud = CloudSeed.default
        cloud.users += [.init(email: "b@example.com", password: "x"), .init(email: "B@example.com", password: "y")]
        #expect(throws: SandboxError.self) { _ = try cloud.makeState(now: 0) }
    }
}
