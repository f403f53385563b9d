import Logging
import Synchronization

/// The login of one session to a backend, shared by every request of it. What a login gives is
/// the `Credential`: a session key (Uyuni), a cookie (CTERA), an access token with the refresh
/// token it came with (Squirro), a bearer token (the cloud API).
///
/// - Single flight: the first caller logs in; callers that come while that login runs wait for
///   it, so concurrent callers cause one login.
/// - Re-login once: when the server no longer knows the credential (what that looks like is the
///   backend's: an XML-RPC session fault, a 401, a redirect to the login page; `run`'s `refused`),
///   the credential is dropped, one new login is shared by every caller that saw the same one,
///   and the request is sent once more; its second answer stands.
/// - A login that fails fails every caller waiting for it; the next call logs in afresh.
public actor LoginSession<Credential: Sendable & Equatable> {
    /// Logs in. `previous` is what the last login gave (nil before the first), kept after the
    /// server refused it: Squirro's token exchange sends the refresh token the server last returned.
    public typealias Login = @Sendable (_ previous: Credential?) async throws -> Credential

    private var pending: Task<Credential, any Error>?
    /// The credential in use; nil before the first login and after the server refused it.
    public private(set) var current: Credential? {
        didSet { mirror.withLock { $0 = current } }
    }
    /// What the last login gave, kept when `current` is dropped.
    private var last: Credential?
    /// `current`, readable from any thread: a request with a credential at hand makes no hop to the actor.
    private let mirror = Mutex<Credential?>(nil)
    private let backend: String
    private let logger: Logger?
    private let relogin: String

    /// `relogin` is the debug line logged (with the backend) when the server refused the credential.
    public init(backend: String = "", logger: Logger? = nil, relogin: String = "session expired; logging in again") {
        self.backend = backend
        self.logger = logger
        self.relogin = relogin
    }

    /// `current`, without a hop to the actor.
    public nonisolated var known: Credential? { mirror.withLock { $0 } }

    /// The credential in use, logging in first when there is none (one login for all concurrent callers).
    public func credential(_ login: @escaping Login) async throws -> Credential {
        if let current { return current }
        if let pending { return try await pending.value }
        let previous = last
        // The task runs on this actor: the credential is stored before any waiter resumes.
        let task = Task { () async throws -> Credential in
            defer { self.pending = nil }
            let credential = try await login(previous)
            self.current = credential
            self.last = credential
            return credential
        }
        pending = task
        return try await task.value
    }

    /// Drops `stale` if it is still the credential in use (a caller that saw it refused).
    public func invalidate(_ stale: Credential) {
        if current == stale { current = nil }
    }

    /// After the server refused `stale`: one new login, shared by every caller that saw the same one.
    public func renew(after stale: Credential, _ login: @escaping Login) async throws -> Credential {
        invalidate(stale)
        return try await credential(login)
    }

    /// Runs `request` with the credential (logging in first when there is none). When `refused`
    /// says the outcome is the server not knowing the credential, renews it once and runs `request`
    /// again; that second outcome is returned or thrown as it is.
    public nonisolated func run<Answer>(
        login: @escaping Login, refused: (Result<Answer, any Error>) -> Bool,
        _ request: (Credential) async throws -> Answer
    ) async throws -> Answer {
        let used = if let known { known } else { try await credential(login) }
        let outcome: Result<Answer, any Error>
        do { outcome = .success(try await request(used)) } catch { outcome = .failure(error) }
        guard refused(outcome) else { return try outcome.get() }
        logger?.debug("\(relogin)", metadata: ["backend": .string(backend)])
        let fresh = try await renew(after: used, login)
        return try await request(fresh)
    }
}
