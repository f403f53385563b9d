import Foundation

/// `POST /oauth2/token` (form in, 200 JSON out), signup, and the MS Exchange token look-up.
extension SquirroWorld {
    mutating func issueToken(_ call: SquirroCall) -> EmulatorResponse {
        let form = call.form
        let userId: String
        let grant: SquirroState.Grant
        switch form["grant_type"] ?? "" {
        case "refresh_token":
            let token = form["refresh_token"] ?? ""
            if state.revokedTokens.contains(token) { return .squirroError(410, "Token has been revoked") }
            guard let found = state.grants.first(where: { $0.refreshToken == token }) else {
                return .squirroError(404, "Invalid token or credentials")
            }
            userId = found.userId
            grant = found
        case "password":
            guard let user = state.passwordUser(email: form["username"] ?? "", password: form["password"] ?? "") else {
                return .squirroError(404, "Invalid token or credentials")
            }
            userId = user.id
            // Checked before a session is made: a refused sign-in leaves nothing behind.
            if case .failure(let refusal) = state.signInTenant(userId: userId, asked: form["tenant"]) { return refusal.response }
            grant = addGrant(userId: user.id, type: "user", now: call.now)
        case "":
            return .squirroError(400, "grant_type is required")
        case let other:
            return .squirroError(400, "Unsupported grant_type '\(other)'")
        }
        switch state.signInTenant(userId: userId, asked: form["tenant"]) {
        case .failure(let refusal): return refusal.response
        case .success(let tenant): return token(grant: grant, tenant: tenant, now: call.now)
        }
    }

    /// A fresh access token every time, tied to its grant (session): deleting the session makes
    /// it stale. The refresh token echoed; `session_id` is the grant's id (one id space).
    mutating func token(grant: SquirroState.Grant, tenant: String, now: Double) -> EmulatorResponse {
        let access = Self.newToken()
        accessTokens[access] = AccessToken(userId: grant.userId, tenant: tenant, grantId: grant.id,
                                           expires: now + Double(state.accessTokenLifetime))
        let role = state.role(of: grant.userId, in: tenant) ?? "user"
        return .squirro([
            "access_token": .string(access), "refresh_token": .string(grant.refreshToken),
            "session_id": .string(grant.id), "tenant": .string(tenant), "user_id": .string(grant.userId),
            "role": .string(role), "role_permissions": [.string(role)], "project_permissions": .null,
            "user_information": [:],
        ])
    }

    mutating func addGrant(userId: String, type: String, now: Double, permissions: [String]? = nil,
                           forClientId: String? = nil) -> SquirroState.Grant {
        let grant = SquirroState.Grant(id: Self.newID(), userId: userId, type: type, refreshToken: Self.newToken(length: 64),
                                       createdAt: Self.timestamp(now), projectPermissions: permissions,
                                       forClientId: forClientId)
        state.grants.append(grant)
        return grant
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// Creates the first user of the global workspace; refused once it has one.
    mutating func signup(_ call: SquirroCall) -> EmulatorResponse {
        guard let body = call.json?.object else { return .squirroError(400, "Invalid JSON body") }
        guard let email = body["email"]?.string, Self.isEmail(email) else { return .squirroError(400, "email is required") }
        guard let password = body["password"]?.string else { return .squirroError(400, "password is required") }
        if let problem = state.passwordPolicy.violation(password) { return .squirroError(400, problem) }
        let global = "global"
        if let index = state.workspaceIndex(global), !state.workspaces[index].members.isEmpty {
            return .squirroError(403, "Signup is closed: the global workspace already has a user")
        }
        if state.user(email: email) != nil { return .squirroError(409, "User with this email already exists") }
        if state.workspace(global) == nil { state.workspaces.append(.init(domain: global, title: global)) }
        let user = SquirroState.User(id: Self.newID(), email: email,
                                     fullName: body["full_name"]?.string ?? Self.localPart(email), password: password)
        state.users.append(user)
        state.workspaces[state.workspaceIndex(global)!].members[user.id] = "admin"
        return .squirro(["user_id": .string(user.id), "tenant": .string(global)], status: 201)
    }

    /// The token is a JWT whose payload names an `msexchuid` that a user was seeded with.
    mutating func msexchangeToken(_ call: SquirroCall) -> EmulatorResponse {
        let jwt = call.request.queryValue("msexchuid_token") ?? ""
        let parts = jwt.split(separator: ".")
        guard parts.count >= 2, let payload = Self.base64URL(String(parts[1])),
              let uid = SquirroJSON.parse(payload)?["msexchuid"]?.string,
              let user = state.users.first(where: { $0.data["msexchuid"]?.string == uid }) else {
            return .squirroError(404, "No user for this MS Exchange identity")
        }
        let grant = addGrant(userId: user.id, type: "user", now: call.now)
        return .squirro(["oauth2_token": .string(grant.refreshToken), "user_id": .string(user.id)])
    }

    static func base64URL(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }

    static func localPart(_ email: String) -> String { String(email.prefix { $0 != "@" }) }
}
