import Foundation

/// Squirro's user API (squirroclient 3.17 `UserApiMixin`) on the reference's paths: OAuth2
/// refresh-token exchange, bearer tokens that expire, exact success statuses, `{"error": ...}`
/// bodies, and the quirks the SDK relies on (reference part B).
public final class SquirroEmulator: EmulatorService {
    public let type = "squirro"
    public let log = RequestLog()
    private let store: EmulatorStore<SquirroWorld>
    private let clock: @Sendable () -> Double

    public static let systemClock = EmulatorClock.system

    /// Starts from the state file when `statePath` names an existing file, else from `seed`.
    public init(seed: SquirroSeed = .default, statePath: String? = nil,
                clock: @escaping @Sendable () -> Double = SquirroEmulator.systemClock) throws(SandboxError) {
        store = try EmulatorStore(statePath: statePath, file: SquirroStateFile,
                                  seed: { () throws(SandboxError) in try seed.makeState() },
                                  makeWorld: { SquirroWorld(state: $0) })
        self.clock = clock
    }

    /// Where the state is kept between processes, if anywhere.
    public var statePath: String? { store.statePath }

    public var state: SquirroState { store.state }

    /// Changes the state directly (for tests), then persists it.
    public func modifyState(_ body: (inout SquirroState) -> Void) { store.modifyState(body) }

    /// The last failure to write the state file, if any.
    public var persistenceError: String? { store.persistenceError }

    /// Makes every access token issued so far stale, as ten minutes would.
    public func expireAccessTokens() {
        store.withWorld { $0.accessTokens.removeAll() }
    }

    /// The access tokens issued so far that are still valid.
    public var validAccessTokens: Int {
        let now = clock()
        return store.withWorld { $0.accessTokens.values.filter { $0.expires > now }.count }
    }

    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let route = SquirroRoute.match(method: request.method, path: request.path) else {
            log.recordUnrouted(request)
            return .squirroError(404, "The requested URL was not found on the server.")
        }
        log.record(request, operation: Self.name(of: route), mutating: route.mutating)
        let now = clock()
        return store.perform { world in
            var call = SquirroCall(request: request, now: now)
            if route.needsToken {
                guard let caller = world.caller(of: request, now: now) else {
                    return (.squirroError(401, "Access token missing, invalid or expired"), false)
                }
                call.caller = caller
            }
            let before = world.state
            let response = world.perform(route, call)
            return (response, world.state != before)
        }
    }

    /// The operation's name as logged: the route's case name (`addUser`, `token`, ...).
    static func name(of route: SquirroRoute) -> String {
        let text = String(describing: route)
        return String(text.prefix { $0 != "(" })
    }
}

/// One request being served: the caller is known once its bearer token checked out.
struct SquirroCall {
    var request: EmulatorRequest
    var now: Double
    var caller: SquirroWorld.AccessToken?

    var json: SquirroJSON? { SquirroJSON.parse(request.body) }
    var form: [String: String] { squirroForm(request.body) }

    /// A query boolean as Python renders it (`True`/`False`); lower case is tolerated.
    func flag(_ name: String) -> Bool {
        ["true", "1"].contains(request.queryValue(name)?.lowercased() ?? "")
    }
}

/// The state plus what is not persisted (access tokens).
struct SquirroWorld: EmulatorWorld {
    struct AccessToken {
        var userId: String
        var tenant: String
        /// The grant (session) it was issued under: deleting the session makes it stale.
        var grantId: String
        var expires: Double
    }

    var state: SquirroState
    var accessTokens: [String: AccessToken] = [:]

    /// The caller of a request: a bearer token that has not expired, whose session (grant) still
    /// exists, and whose user still holds a role in the token's tenant.
    func caller(of request: EmulatorRequest, now: Double) -> AccessToken? {
        guard let header = request.header("Authorization"), header.hasPrefix("Bearer ") else { return nil }
        guard let token = accessTokens[String(header.dropFirst(7))], token.expires > now,
              state.user(id: token.userId) != nil, state.grants.contains(where: { $0.id == token.grantId }),
              state.role(of: token.userId, in: token.tenant) != nil else { return nil }
        return token
    }

    mutating func perform(_ route: SquirroRoute, _ call: SquirroCall) -> EmulatorResponse {
        switch route {
        case .token: return issueToken(call)
        case .signup: return signup(call)
        case .msexchangeToken: return msexchangeToken(call)
        case .listUsers(let t): return listUsers(t, call)
        case .addUser(let t): return addUser(t, call)
        case .passwordPolicy(let t): return passwordPolicy(t)
        case .getUser(_, let t, let id): return getUser(t, id, call)
        case .updateUser(let v, let t, let id): return updateUser(v, t, id, call)
        case .deleteUser(let t, let id): return deleteUser(t, id, call)
        case .changePassword(let t, let id): return changePassword(t, id, call)
        case .userGrants(let t, let id): return userGrants(t, id)
        case .newGrant(let t, let id): return newGrant(t, id, call)
        case .getSession(let t, let id, let sid): return getSession(t, id, sid)
        case .deleteSession(let t, let id, let sid): return deleteSession(t, id, sid)
        case .listGroups(let t): return listGroups(t)
        case .createGroup(let t): return createGroup(t, call)
        case .getGroup(let t, let g): return getGroup(t, g, call)
        case .updateGroup(let t, let g): return updateGroup(t, g, call)
        case .addGroupMember(let t, let g): return addGroupMember(t, g, call)
        case .deleteGroup(let t, let g): return deleteGroup(t, g)
        case .deleteGroupMember(let t, let g, let u): return deleteGroupMember(t, g, u)
        case .projectMembers(let t, let p): return projectMembers(t, p)
        case .addProjectMember(let t, let p): return addProjectMember(t, p, call)
        case .updateProjectMember(let t, let p, let m): return updateProjectMember(t, p, m, call)
        case .deleteProjectMember(let t, let p, let m): return deleteProjectMember(t, p, m)
        case .getAuthentication(let t, let s, let u): return getAuthentication(t, s, u)
        case .setAuthentication(let t, let s, let u): return setAuthentication(t, s, u, call)
        case .deleteAuthentication(let t, let s, let u): return deleteAuthentication(t, s, u)
        case .listWorkspaces: return listWorkspaces(call)
        case .createWorkspace: return createWorkspace(call)
        case .updateWorkspace(let d): return updateWorkspace(d, call)
        case .deleteWorkspace(let d): return deleteWorkspace(d)
        case .workspaceUsers(let d): return workspaceUsers(d)
        case .postWorkspaceUsers(let d): return postWorkspaceUsers(d, call)
        case .deleteWorkspaceUser(let d, let u): return deleteWorkspaceUser(d, u)
        case .listProjects(let t): return listProjects(t)
        case .createProject(let t): return createProject(t, call)
        }
    }

    /// A new opaque id: 22 characters of URL-safe base64, like Squirro's.
    static func newID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A 40-character hex token, like Squirro's access tokens.
    static func newToken(length: Int = 40) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }

    func tenantMissing(_ t: String) -> EmulatorResponse? {
        state.workspace(t) == nil ? .squirroError(404, "Tenant \(t) not found") : nil
    }
}
