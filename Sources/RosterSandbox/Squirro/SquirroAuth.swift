import Foundation

/// `POST /oauth2/token` (form in, 200 JSON out), signup, and the MS Exchange token look-up.
extension SquirroWorld {
    mutating func issueToken(_ call: SquirroCall) -> EmulatorResponse {
        let form = call.form
        let userId: String
        var refreshToken: String
        switch form["grant_type"] ?? "" {
        case "refresh_token":
            let token = form["refresh_token"] ?? ""
            if state.revokedTokens.contains(token) { return .squirroError(410, "Token has been revoked") }
            guard let grant = state.grants.first(where: { $0.refreshToken == token }) else {
                return .squirroError(404, "Invalid token or credentials")
            }
            userId = grant.userId
            refreshToken = token
        case "password":
            guard let user = state.user(email: form["username"] ?? ""), let password = user.password,
                  password == form["password"] else {
                return .squirroError(404, "Invalid token or credentials")
            }
            userId = user.id
            refreshToken = addGrant(userId: user.id, type: "user", now: call.now).refreshToken
        case "":
            return .squirroError(400, "grant_type is required")
        case let other:
            return .squirroError(400, "Unsupported grant_type '\(other)'")
        }
        let tenant: String
        if let asked = form["tenant"] {
            guard state.role(of: userId, in: asked) != nil else {
                return .squirroError(403, "User has no access to tenant \(asked)")
            }
            tenant = asked
        } else {
            tenant = state.workspaces.first { $0.members[userId] != nil }?.domain ?? state.defaultTenant
        }
        return token(userId: userId, tenant: tenant, refreshToken: refreshToken, now: call.now)
    }

    /// A fresh access token every time; the refresh token echoed.
    mutating func token(userId: String, tenant: String, refreshToken: String, now: Double) -> EmulatorResponse {
        let access = Self.newToken()
        accessTokens[access] = AccessToken(userId: userId, tenant: tenant, expires: now + Double(state.accessTokenLifetime))
        let role = state.role(of: userId, in: tenant) ?? "user"
        return .squirro([
            "access_token": .string(access), "refresh_token": .string(refreshToken),
            "session_id": .string(Self.newID()), "tenant": .string(tenant), "user_id": .string(userId),
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
