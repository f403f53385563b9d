import Foundation
@testable import RosterCloud
import RosterCore
@testable import RosterSandbox
import Testing

/// A key's priority must be lower than its user's (reference §3.3), and the user's caps its keys'
/// (§3.2): what the server refuses is a plan error at the config's line, and nothing is sent.
@Suite struct CloudPriorityTests {
    static func planError(_ emulator: CloudEmulator, _ people: String) async throws -> String {
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await CloudProviderTests.plan(CloudProviderTests.config(server.baseURL, people: people))
            }
            return error?.description ?? ""
        }
    }

    @Test func aKeyAtItsUsersPriorityIsAPlanError() async throws {
        let emulator = try CloudEmulator()
        let people = "  kim:\n    email: kim@example.com\n    accounts:\n      cloud:\n        priority: 2\n        api_keys:\n          ci: {priority: 2}\n"
        let text = try await Self.planError(emulator, people)
        #expect(text.contains(":18:11: error: API key 'ci' has priority 2, not lower than its user's 2"), "\(text)")
        #expect(emulator.state.user(email: "kim@example.com") == nil)
    }

    /// The live user's priority may be anything, and the same plan may change it: a key's priority
    /// is checked against the user's declared one only.
    @Test func aKeyPriorityNeedsItsUsersDeclared() async throws {
        let emulator = try CloudEmulator()
        emulator.modifyState { _ = $0.addUser(email: "kim@example.com", password: "Kim-pass-1", priority: 1) }
        let people = "  kim:\n    email: kim@example.com\n    accounts:\n      cloud:\n        api_keys:\n          ci: {priority: 1}\n"
        let text = try await Self.planError(emulator, people)
        #expect(text.contains(":17:11: error: API key 'ci' declares priority 1 but its user's priority is not declared"), "\(text)")
        #expect(emulator.state.tokens.isEmpty)
    }

    @Test func loweringAUserToOrBelowALiveKeyIsAPlanError() async throws {
        let emulator = try CloudEmulator()
        emulator.modifyState { state in
            let user = state.addUser(email: "kim@example.com", password: "Kim-pass-1", priority: 4)
            _ = state.addToken(userID: user.id, label: "ci", priority: 3, secret: "_T_ci", isAPIKey: true, now: 0, duration: nil)
        }
        let people = "  kim:\n    email: kim@example.com\n    accounts:\n      cloud:\n        priority: 2\n        api_keys:\n          ci: {priority: 1}\n"
        let text = try await Self.planError(emulator, people)
        #expect(text.contains("error: the priority of 'kim@example.com' on 'cloud' cannot drop to 2: its API key 'ci' (3) would not be lower"),
                "\(text)")
        #expect(emulator.state.user(email: "kim@example.com")?.priority == 4)
        #expect(emulator.state.tokens.map(\.priority) == [3])
    }

    @Test func loweringAUserAboveItsKeysApplies() async throws {
        let emulator = try CloudEmulator()
        emulator.modifyState { state in
            let user = state.addUser(email: "kim@example.com", password: "Kim-pass-1", priority: 4)
            _ = state.addToken(userID: user.id, label: "ci", priority: 1, secret: "_T_ci", isAPIKey: true, now: 0, duration: nil)
        }
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = "  kim: {email: kim@example.com, accounts: {cloud: {priority: 2, api_keys: {ci: {priority: 1}}}}}\n"
            let run = try await CloudProviderTests.converge(CloudProviderTests.config(server.baseURL, people: people))
            #expect(run.lines == ["update cloud.user kim@example.com"])
            #expect(emulator.state.user(email: "kim@example.com")?.priority == 2)
        }
    }
}
