import Foundation
import RosterJSON

/// A cloud platform's user API (reference §3): bearer login, users keyed by email with platforms,
/// priority and company, admin rules, tokens and API keys, `limit`/`offset` paging, and error
/// bodies in the platform's shape. Served under `CloudRoutes`, which a seed or a test can move.
public final class CloudEmulator: EmulatorService {
    public let type = "cloud"
    public let log = RequestLog()
    private let store: EmulatorStore<CloudWorld>
    private let clock: @Sendable () -> Double

    public static let systemClock = EmulatorClock.system

    /// Starts from the state file when `statePath` names an existing file, else from `seed`.
    /// `clock` gives unix seconds; tests pass their own to expire login tokens.
    public init(seed: CloudSeed = .default, statePath: String? = nil,
                clock: @escaping @Sendable () -> Double = CloudEmulator.systemClock) throws(SandboxError) {
        store = try EmulatorStore(statePath: statePath, file: CloudStateFile,
                                  seed: { () throws(SandboxError) in try seed.makeState(now: clock()) },
                                  makeWorld: { CloudWorld(state: $0) })
        self.clock = clock
    }

    /// Where the state is kept between processes, if anywhere.
    public var statePath: String? { store.statePath }

    /// A snapshot of the current state.
    public var state: CloudState { store.state }

    /// Changes the state directly (for tests), then persists it like a mutating call.
    public func modifyState(_ body: (inout CloudState) -> Void) { store.modifyState(body) }

    /// The last failure to write the state file, if any.
    public var persistenceError: String? { store.persistenceError }

    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        let routes = store.withWorld { $0.state.routes }
        guard let (operation, id) = routes.resolve(method: request.method, path: request.path) else {
            log.recordUnrouted(request)
            return (routes.knows(path: request.path) ? CloudFault.methodNotAllowed : CloudFault.notFound).response
        }
        log.record(request, operation: operation.rawValue, mutating: operation.isMutating)
        let call = CloudCall(request: request, id: id, now: clock())
        return store.perform { world in
            do throws(CloudFault) {
                return (try world.perform(operation, call), operation.isMutating)
            } catch {
                return (error.response, false)
            }
        }
    }
}

/// One request as the handlers read it.
struct CloudCall {
    var request: EmulatorRequest
    /// The `{id}` of the route, 0 when it has none.
    var id: Int
    var now: Double

    var bearer: String? {
        guard let header = request.header("Authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The JSON object body; a body that is not one is a 422 at `json._schema`.
    func object() throws(CloudFault) -> [String: JSONValue] {
        guard let value = JSONValue.parse(request.body), let object = value.object else {
            var errors = ValidationErrors()
            errors.add("json", "_schema", "Invalid input type.")
            try errors.check()
            return [:]
        }
        return object
    }
}

/// The state with the logged-in sessions: what one lock guards.
struct CloudWorld: EmulatorWorld {
    var state: CloudState
    var logins = CloudLogins()

    mutating func perform(_ operation: CloudOperation, _ call: CloudCall) throws(CloudFault) -> EmulatorResponse {
        if operation == .login { return try login(call) }
        let caller = try authenticate(call)
        switch operation {
        case .login: return try login(call)
        case .listUsers: return try listUsers(call, caller: caller)
        case .createUser: return try createUser(call, caller: caller)
        case .readUser: return try readUser(call, caller: caller)
        case .updateUser: return try updateUser(call, caller: caller)
        case .deleteUser: return try deleteUser(call, caller: caller)
        case .listTokens: return try listTokens(call, caller: caller)
        case .createToken: return try createToken(call, caller: caller)
        case .readToken: return try readToken(call, caller: caller)
        case .updateToken: return try updateToken(call, caller: caller)
        case .revokeToken: return try revokeToken(call, caller: caller)
        case .deleteTokens: return try deleteTokens(call, caller: caller)
        case .listPlatforms: return try listPlatforms()
        }
    }

    /// `POST login {email, password}` → `{token, token_type, user_id, is_admin}`.
    mutating func login(_ call: CloudCall) throws(CloudFault) -> EmulatorResponse {
        let body = try call.object()
        var errors = ValidationErrors()
        for field in ["email", "password"] where body[field]?.string == nil {
            errors.add("json", field, body[field] == nil ? "Missing data for required field." : "Not a valid string.")
        }
        try errors.check()
        guard let user = state.signIn(email: body["email"]?.string ?? "", password: body["password"]?.string ?? "") else {
            throw CloudFault.badLogin
        }
        let token = logins.open(userID: user.id, now: call.now, lifetime: state.loginTokenLifetime)
        return .json(JSONValue.object([
            "token": .string(token), "token_type": "bearer", "user_id": .int(user.id), "is_admin": .bool(user.isAdmin),
            "expires_in": .int(state.loginTokenLifetime),
        ]).encoded)
    }

    /// The caller of a login token, or of a live job token or API key.
    mutating func authenticate(_ call: CloudCall) throws(CloudFault) -> CloudState.User {
        guard let bearer = call.bearer else { throw CloudFault.tokenNotFound }
        if let id = logins.user(for: bearer, now: call.now, lifetime: state.loginTokenLifetime),
           let user = state.user(id: id) {
            return user
        }
        switch state.check(token: bearer, now: call.now) {
        case .accepted(let index):
            state.tokens[index].lastUsed = call.now
            state.tokens[index].count += 1
            guard let user = state.user(id: state.tokens[index].userID) else { throw CloudFault.tokenNotFound }
            return user
        case .refused: throw CloudFault(status: 401, error: "Invalid or expired job token")
        case .unknown: throw CloudFault.tokenNotFound
        }
    }
}
