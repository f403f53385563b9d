import Foundation
import Logging
import RosterCore
@testable import RosterRuntime
@testable import RosterSandbox
@testable import RosterSquirro
import Testing

/// The refresh-token exchange, the retry on 401, and a refused token.
@Suite struct SquirroAuthTests {
    typealias F = SquirroFixture

    static func client(_ url: String, token: String = "sandbox-token", mode: SessionMode = .readWrite) -> SquirroClient {
        SquirroClient(backend: "squirro", url: url,
                      settings: .init(tenant: "sandbox", token: Secret(token), clientID: "cid", clientSecret: Secret("csecret")),
                      mode: mode, logger: Logger(label: "test"))
    }

    @Test func expiredAccessTokenIsRecoveredByOneRefresh() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = Self.client(server.baseURL)
            let before = try await client.listUsers()
            emulator.expireAccessTokens()
            emulator.log.reset()
            let after = try await client.listUsers()
            #expect(before.count == 1 && after.count == 1)
            // The stale call (401), one token exchange, the retried call.
            #expect(emulator.log.operations == ["listUsers", "token", "listUsers"])
            await client.close()
        }
    }

    @Test func expiryDuringApplyCostsOneExchange() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let backend = try #require(F.runner.load(path: try F.write(F.config(server.baseURL, people: "  {}\n"))).backends.first)
            let session = try await SquirroProvider().connect(backend, context: .init(
                url: server.baseURL, mode: .readWrite, logger: Logger(label: "test")))
            _ = try await session.fetch(FetchInterest(everything: true))
            emulator.expireAccessTokens()
            let id = ResourceID(backend: "squirro", kind: "squirro.group", key: ["late"])
            _ = try await session.apply(Change(.create, id, after: [:]))
            #expect(emulator.state.group(named: "late", tenant: "sandbox") != nil)
            #expect(emulator.log.operations.filter { $0 == "token" }.count == 2)
            await session.close()
        }
    }

    @Test func revokedRefreshTokenIsOneClearErrorAndNothingIsApplied() async throws {
        let squirro = try SquirroEmulator()
        let uyuni = try UyuniEmulator()
        squirro.modifyState { state in
            state.grants.removeAll { $0.refreshToken == "sandbox-token" }
            state.revokedTokens.append("sandbox-token")
        }
        try await withEmulatorServer(uyuni) { uyuniServer in
            try await withEmulatorServer(squirro) { server in
                let uyuniBackend = "  uyuni: {type: uyuni, url: \"\(uyuniServer.baseURL)\", username: admin, password: sandbox-admin}"
                let people = F.alice + "      squirro: {role: user}\n      uyuni: {login: alice}\n"
                let runner = F.runner
                let loaded = try runner.load(path: try F.write(F.config(server.baseURL, people: people, extraBackends: uyuniBackend)))
                do {
                    _ = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true })
                    Issue.record("a revoked token must stop the run")
                } catch let error as RosterError {
                    #expect(error.backend == "squirro")
                    #expect(error.code == .http(410))
                    #expect(error.description.hasPrefix("squirro: oauth2 token failed (HTTP 410): the refresh token in 'token' has been revoked"))
                    #expect(!error.description.contains("sandbox-token"))
                }
                #expect(squirro.log.mutations.isEmpty)
                #expect(uyuni.log.mutations.isEmpty)
                #expect(squirro.state.user(email: "alice@example.com") == nil)
            }
        }
    }

    @Test func unknownRefreshTokenNamesTheBackend() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = Self.client(server.baseURL, token: "nope")
            await #expect(throws: RosterError.self) { try await client.authenticate() }
            do { try await client.authenticate() } catch let error as RosterError {
                #expect(error.description.contains("squirro: oauth2 token failed (HTTP 404)"))
            }
            await client.close()
        }
    }

    @Test func readOnlySessionSendsTheTokenExchangeButNoWrite() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = Self.client(server.baseURL, mode: .readOnly)
            await #expect(throws: RosterError.self) { _ = try await client.createGroup("nope") }
            #expect(emulator.log.operations == ["token"])
            await client.close()
        }
    }
}
