import Foundation
import RosterCore
@testable import RosterSandbox
import RosterJSON
import Testing

/// What makes a lockout testable: the emulator refuses a revoked or deleted token on the wire, and
/// signs in with the password last set, and its state-level checks (what the conformance probe
/// asks) answer as the wire does.
@Suite struct CloudLockoutEmulatorTests {
    typealias Wire = CloudEmulatorTests.Wire

    @Test func revokedAndDeletedTokensAreRefusedAndTheLastPasswordSignsIn() async throws {
        let emulator = try CloudEmulator()
        try await CloudEmulatorTests.withWire(emulator) { wire in
            let admin = try await wire.login()
            let created = try await wire.send("POST", "/api/users", token: admin,
                                              json: #"{"email":"kim@example.com","password":"First-pass-1"}"#)
            let userID = try #require(created.1?["user_id"]?.int)
            func token(_ label: String, apiKey: Bool) async throws -> (String, Int) {
                let body = #"{"label":"\#(label)","user_id":\#(userID),"is_apikey":\#(apiKey),"duration":3600}"#
                let (status, reply) = try await wire.send("POST", "/api/tokens", token: admin, json: body)
                #expect(status == 201)
                return (reply?["token"]?.string ?? "", reply?["token_id"]?.int ?? -1)
            }
            let (job, _) = try await token("nightly", apiKey: false)
            let (key, keyID) = try await token("ci", apiKey: true)
            #expect(try await wire.send("GET", "/api/users/\(userID)", token: job).0 == 200)
            #expect(try await wire.send("GET", "/api/users/\(userID)", token: key).0 == 200)
            // Revoked by value, deleted by id: both refused from then on.
            #expect(try await wire.send("POST", "/api/tokens/revoke", token: admin, json: #"{"token":"\#(job)"}"#).0 == 200)
            #expect(try await wire.send("POST", "/api/tokens/delete-by-ids", token: admin, json: #"{"token_ids":[\#(keyID)]}"#).0 == 200)
            #expect(try await wire.send("GET", "/api/users/\(userID)", token: job).0 == 401)
            #expect(try await wire.send("GET", "/api/users/\(userID)", token: key).0 == 401)
            // The password an admin sets is the one that signs in; the former one no longer does.
            #expect(try await wire.send("PUT", "/api/users/\(userID)", token: admin, json: #"{"password":"Second-pass-2"}"#).0 == 200)
            let old = try await wire.send("POST", "/api/auth/login", json: #"{"email":"kim@example.com","password":"First-pass-1"}"#)
            let new = try await wire.send("POST", "/api/auth/login", json: #"{"email":"KIM@example.com","password":"Second-pass-2"}"#)
            #expect(old.0 == 401 && new.0 == 200)
            // The state-level checks agree with the wire.
            let state = emulator.state
            #expect(state.signIn(email: "kim@example.com", password: "Second-pass-2")?.id == userID)
            #expect(state.signIn(email: "kim@example.com", password: "First-pass-1") == nil)
            #expect(state.check(token: job, now: Date().timeIntervalSince1970) == .refused)
            #expect(state.check(token: key, now: Date().timeIntervalSince1970) == .unknown)
        }
    }
}
