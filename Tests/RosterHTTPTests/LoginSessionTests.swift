import RosterHTTP
import Synchronization
import Testing

/// A server's side of a login: it counts logins and knows one credential at a time.
private final class FakeServer: Sendable {
    private let state = Mutex((logins: 0, valid: String?.none))
    /// Callers that asked for the credential; a login can wait until all of them have come.
    let arrived = Mutex(0)

    var logins: Int { state.withLock { $0.logins } }

    func login(waitingFor callers: Int = 0) async throws -> String {
        while arrived.withLock({ $0 }) < callers { await Task.yield() }
        return state.withLock { state in
            state.logins += 1
            state.valid = "key-\(state.logins)"
            return state.valid!
        }
    }

    /// The server forgets the session: the credential in use is refused from now on.
    func expire() { state.withLock { $0.valid = nil } }

    /// A request: refused (throws) with a credential the server does not know.
    func request(_ credential: String) throws -> String {
        guard state.withLock({ $0.valid == credential }) else { throw Refused() }
        return "ok with \(credential)"
    }

    struct Refused: Error {}
}

private func isRefused(_ outcome: Result<String, any Error>) -> Bool {
    if case .failure(let error) = outcome { error is FakeServer.Refused } else { false }
}

@Suite struct LoginSessionTests {
    @Test func concurrentCallersShareOneLogin() async throws {
        let server = FakeServer()
        let session = LoginSession<String>()
        let callers = 24
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    server.arrived.withLock { $0 += 1 }
                    return try await session.run(login: { _ in try await server.login(waitingFor: callers) },
                                                 refused: isRefused) { try server.request($0) }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(server.logins == 1)
        #expect(answers == Array(repeating: "ok with key-1", count: callers))
        #expect(await session.current == "key-1")
        #expect(session.known == "key-1")
    }

    @Test func anExpiredSessionCausesOneRelogin() async throws {
        let server = FakeServer()
        let session = LoginSession<String>()
        let login: LoginSession<String>.Login = { _ in try await server.login() }
        #expect(try await session.run(login: login, refused: isRefused) { try server.request($0) } == "ok with key-1")
        server.expire()
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask { try await session.run(login: login, refused: isRefused) { try server.request($0) } }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(server.logins == 2)
        #expect(answers == Array(repeating: "ok with key-2", count: 16))
        #expect(await session.current == "key-2")
    }

    @Test func aSecondRefusalStandsAndLogsInOnlyOnce() async throws {
        let server = FakeServer()
        let session = LoginSession<String>()
        let tries = Mutex(0)
        await #expect(throws: FakeServer.Refused.self) {
            try await session.run(login: { _ in try await server.login() }, refused: isRefused) { _ in
                tries.withLock { $0 += 1 }
                throw FakeServer.Refused()
            }
        }
        #expect(tries.withLock { $0 } == 2)
        #expect(server.logins == 2)
    }

    @Test func anAnswerThatIsNotARefusalIsReturnedWithoutRelogin() async throws {
        let server = FakeServer()
        let session = LoginSession<String>()
        struct Other: Error {}
        await #expect(throws: Other.self) {
            try await session.run(login: { _ in try await server.login() }, refused: isRefused) { _ in throw Other() }
        }
        #expect(server.logins == 1)
        #expect(await session.current == "key-1")
    }

    @Test func aFailedLoginFailsItsCallersAndTheNextCallLogsInAgain() async throws {
        struct Down: Error {}
        let session = LoginSession<String>()
        let attempts = Mutex(0)
        let login: LoginSession<String>.Login = { _ in
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt == 1 { throw Down() }
            return "key-\(attempt)"
        }
        await #expect(throws: Down.self) { try await session.credential(login) }
        #expect(await session.current == nil)
        #expect(try await session.credential(login) == "key-2")
        #expect(attempts.withLock { $0 } == 2)
    }

    @Test func aLoginIsGivenWhatTheLastOneGaveAfterARefusal() async throws {
        let session = LoginSession<String>()
        let seen = Mutex([String?]())
        let login: LoginSession<String>.Login = { previous in
            seen.withLock { $0.append(previous) }
            return (previous ?? "token") + "+"
        }
        let first = try await session.credential(login)
        #expect(try await session.renew(after: first, login) == "token++")
        // A stale credential that is no longer the one in use drops nothing.
        await session.invalidate(first)
        #expect(await session.current == "token++")
        #expect(seen.withLock { $0 } == [nil, "token+"])
    }
}
