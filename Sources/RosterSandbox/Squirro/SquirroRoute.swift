/// Every path the Squirro emulator serves, named after the squirroclient method that calls it.
/// Paths are those of `SquirroClient(cluster=URL)`: the user API under `/api/user`, projects
/// (topic API) under `/api/topic`.
enum SquirroRoute: Sendable, Equatable {
    case token, signup, msexchangeToken
    case listUsers(String), addUser(String), passwordPolicy(String)
    case getUser(String, String, String), updateUser(String, String, String), deleteUser(String, String)
    case changePassword(String, String)
    case userGrants(String, String), newGrant(String, String)
    case getSession(String, String, String), deleteSession(String, String, String)
    case listGroups(String), createGroup(String), getGroup(String, String), updateGroup(String, String)
    case addGroupMember(String, String), deleteGroup(String, String), deleteGroupMember(String, String, String)
    case projectMembers(String, String), addProjectMember(String, String)
    case updateProjectMember(String, String, String), deleteProjectMember(String, String, String)
    case getAuthentication(String, String, String), setAuthentication(String, String, String)
    case deleteAuthentication(String, String, String)
    case listWorkspaces, createWorkspace, updateWorkspace(String), deleteWorkspace(String)
    case workspaceUsers(String), postWorkspaceUsers(String), deleteWorkspaceUser(String, String)
    case listProjects(String), createProject(String)

    /// The route of a request; nil for a path the server does not know (404).
    static func match(method: String, path: String) -> SquirroRoute? {
        let all = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard all.count >= 2, all[0] == "api" else { return nil }
        let s = Array(all.dropFirst(2))
        if all[1] == "topic" { return topic(method, s) }
        guard all[1] == "user", let first = s.first else { return nil }
        switch (method, first) {
        case ("POST", "oauth2") where s == ["oauth2", "token"]: return .token
        case ("GET", "msexchange") where s == ["msexchange", "oauth2_token"]: return .msexchangeToken
        case (_, "v2"): return v2(method, Array(s.dropFirst()))
        case (_, "v0"), (_, "v1"):
            guard s.count >= 3 else { return nil }
            return tenantScoped(method, version: first, tenant: s[1], Array(s.dropFirst(2)))
        default: return nil
        }
    }

    private static func tenantScoped(_ method: String, version: String, tenant t: String, _ s: [String]) -> SquirroRoute? {
        switch (method, s.count, s[0]) {
        case ("GET", 1, "users"): return .listUsers(t)
        case ("POST", 1, "users") where version == "v0": return .addUser(t)
        case ("GET", 2, "users") where s[1] == "password_policy": return .passwordPolicy(t)
        case ("GET", 2, "users"): return .getUser(version, t, s[1])
        case ("PUT", 2, "users"): return .updateUser(version, t, s[1])
        case ("DELETE", 2, "users"): return .deleteUser(t, s[1])
        case ("PUT", 3, "users") where s[2] == "password": return .changePassword(t, s[1])
        case ("GET", 3, "users") where s[2] == "grants": return .userGrants(t, s[1])
        case ("POST", 3, "users") where s[2] == "grants": return .newGrant(t, s[1])
        case ("GET", 4, "users") where s[2] == "sessions": return .getSession(t, s[1], s[3])
        case ("DELETE", 4, "users") where s[2] == "sessions": return .deleteSession(t, s[1], s[3])
        case ("GET", 1, "groups"): return .listGroups(t)
        case ("POST", 1, "groups"): return .createGroup(t)
        case ("GET", 2, "groups"): return .getGroup(t, s[1])
        case ("PUT", 2, "groups"): return .updateGroup(t, s[1])
        case ("POST", 2, "groups"): return .addGroupMember(t, s[1])
        case ("DELETE", 2, "groups"): return .deleteGroup(t, s[1])
        case ("DELETE", 4, "groups") where s[2] == "members": return .deleteGroupMember(t, s[1], s[3])
        case ("GET", 3, "projects") where s[2] == "members": return .projectMembers(t, s[1])
        case ("POST", 3, "projects") where s[2] == "members": return .addProjectMember(t, s[1])
        case ("PUT", 4, "projects") where s[2] == "members": return .updateProjectMember(t, s[1], s[3])
        case ("DELETE", 4, "projects") where s[2] == "members": return .deleteProjectMember(t, s[1], s[3])
        case ("GET", 3, "authentications"): return .getAuthentication(t, s[1], s[2])
        case ("POST", 3, "authentications"): return .setAuthentication(t, s[1], s[2])
        case ("DELETE", 3, "authentications"): return .deleteAuthentication(t, s[1], s[2])
        default: return nil
        }
    }

    private static func v2(_ method: String, _ s: [String]) -> SquirroRoute? {
        switch (method, s.count) {
        case ("POST", 1) where s[0] == "signup": return .signup
        case ("GET", 1) where s[0] == "workspaces": return .listWorkspaces
        case ("POST", 1) where s[0] == "workspaces": return .createWorkspace
        case ("PUT", 2) where s[0] == "workspaces": return .updateWorkspace(s[1])
        case ("DELETE", 2) where s[0] == "workspaces": return .deleteWorkspace(s[1])
        case ("GET", 3) where s[0] == "workspaces" && s[2] == "users": return .workspaceUsers(s[1])
        case ("POST", 3) where s[0] == "workspaces" && s[2] == "users": return .postWorkspaceUsers(s[1])
        case ("DELETE", 4) where s[0] == "workspaces" && s[2] == "users": return .deleteWorkspaceUser(s[1], s[3])
        default: return nil
        }
    }

    private static func topic(_ method: String, _ s: [String]) -> SquirroRoute? {
        guard s.count == 3, s[0] == "v0", s[2] == "projects" else { return nil }
        switch method {
        case "GET": return .listProjects(s[1])
        case "POST": return .createProject(s[1])
        default: return nil
        }
    }

    /// Whether the call changes state. The token exchange does not: it only issues a token.
    var mutating: Bool {
        switch self {
        case .token, .msexchangeToken, .listUsers, .passwordPolicy, .getUser, .userGrants, .getSession, .listGroups,
             .getGroup, .projectMembers, .getAuthentication, .listWorkspaces, .workspaceUsers, .listProjects:
            false
        default: true
        }
    }

    /// Whether the call needs a bearer token (every call but the token exchange and signup).
    var needsToken: Bool { self != .token && self != .signup }
}
