import Foundation
@testable import RosterSandbox
import Testing

/// What `state: disabled` on Squirro relies on, enforced by the emulator: a deleted session stops
/// working at once (its access tokens too), and a user without a role in a tenant cannot sign in
/// to it, whatever the credential.
@Suite struct SquirroLockoutEmulatorTests {
    typealias T = SquirroEmulatorTests

    static let seed = SquirroSeed(users: [
        .init(email: "admin@example.com", role: "admin", password: "Admin-pass-1", refreshToken: "sandbox-token"),
        .init(email: "bob@example.com", role: "reader", password: "Bob-pass-123", refreshToken: "bob-token"),
    ])

    static func signIn(_ emulator: SquirroEmulator, _ form: String) async -> (Int, SquirroJSON?) {
        let response = await emulator.handle(EmulatorRequest(method: "POST", uri: "/api/user/oauth2/token",
                                                             headers: T.form, body: Array(form.utf8)))
        return (response.status, SquirroJSON.parse(response.body))
    }

    @Test func deletedSessionStopsItsAccessTokenAndItsRefreshToken() async throws {
        let emulator = try SquirroEmulator(seed: Self.seed)
        let (status, body) = await Self.signIn(emulator, "tenant=sandbox&grant_type=password&username=bob@example.com&password=Bob-pass-123")
        #expect(status == 200)
        let access = try #require(body?["access_token"]?.string)
        let session = try #require(body?["session_id"]?.string)
        let bob = try #require(emulator.state.user(email: "bob@example.com"))
        #expect(await T.call(emulator, access, "GET", "/api/user/v0/sandbox/users").0 == 200)
        // The session is one of bob's grants (one id space), and an admin deletes it.
        let admin = try await T.token(emulator)
        let (listed, grants) = await T.call(emulator, admin, "GET", "/api/user/v0/sandbox/users/\(bob.id)/grants")
        #expect(listed == 200)
        #expect(grants?["grants"]?.array?.contains { $0["id"]?.string == session } == true)
        #expect(await T.call(emulator, admin, "DELETE", "/api/user/v0/sandbox/users/\(bob.id)/sessions/\(session)").0 == 204)
        #expect(await T.call(emulator, access, "GET", "/api/user/v0/sandbox/users").0 == 401)
        let refresh = try #require(body?["refresh_token"]?.string)
        #expect(await Self.signIn(emulator, "tenant=sandbox&grant_type=refresh_token&refresh_token=\(refresh)").0 == 410)
        // bob's other grant still works: only the deleted one is gone.
        #expect(await Self.signIn(emulator, "tenant=sandbox&grant_type=refresh_token&refresh_token=bob-token").0 == 200)
    }

    @Test func userWithoutARoleInTheTenantCannotSignInAndItsTokensStop() async throws {
        let emulator = try SquirroEmulator(seed: Self.seed)
        let (_, body) = await Self.signIn(emulator, "tenant=sandbox&grant_type=refresh_token&refresh_token=bob-token")
        let access = try #require(body?["access_token"]?.string)
        let bob = try #require(emulator.state.user(email: "bob@example.com"))
        let admin = try await T.token(emulator)
        #expect(await T.call(emulator, admin, "DELETE", "/api/user/v2/workspaces/sandbox/users/\(bob.id)").0 == 204)
        // The account stays in the system, with its id and password.
        #expect(emulator.state.user(email: "bob@example.com")?.id == bob.id)
        #expect(await T.call(emulator, access, "GET", "/api/user/v0/sandbox/users").0 == 401)
        let before = emulator.state.grants.count
        for form in ["tenant=sandbox&grant_type=password&username=bob@example.com&password=Bob-pass-123",
                     "grant_type=password&username=bob@example.com&password=Bob-pass-123",
                     "tenant=sandbox&grant_type=refresh_token&refresh_token=bob-token",
                     "grant_type=refresh_token&refresh_token=bob-token"] {
            #expect(await Self.signIn(emulator, form).0 == 403, "\(form)")
        }
        // A refused password sign-in makes no session.
        #expect(emulator.state.grants.count == before)
        #expect(!emulator.state.signsIn(email: "bob@example.com", password: "Bob-pass-123", tenant: "sandbox"))
        #expect(!emulator.state.acceptsRefreshToken("bob-token", tenant: nil))
        // Added back by address, the same account signs in again with the same password.
        #expect(await T.call(emulator, admin, "POST", "/api/user/v2/workspaces/sandbox/users",
                             json: #"{"emails":["bob@example.com"],"role":"reader"}"#).0 == 200)
        #expect(emulator.state.user(email: "bob@example.com")?.id == bob.id)
        #expect(emulator.state.signsIn(email: "bob@example.com", password: "Bob-pass-123", tenant: "sandbox"))
        #expect(await Self.signIn(emulator, "grant_type=password&username=bob@example.com&password=Bob-pass-123").0 == 200)
    }
}
