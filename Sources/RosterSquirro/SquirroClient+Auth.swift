import RosterCore

extension SquirroClient {
    /// Makes sure an access token is at hand (the token exchange, if none yet).
    func authenticate() async throws {
        _ = try await tokens.current { try await self.exchange() }
    }

    /// `POST /oauth2/token`: the refresh-token grant, form-encoded, without a bearer header.
    /// It changes nothing on the server, so a read-only session may send it.
    func exchange() async throws -> (access: String, refresh: Secret?) {
        let refresh = await tokens.refreshToken
        var form: [(String, String)] = []
        if let id = settings.clientID { form.append(("client_id", id)) }
        if let secret = settings.clientSecret { form.append(("client_secret", secret.reveal())) }
        form += [("tenant", tenant), ("grant_type", "refresh_token"), ("refresh_token", refresh.reveal())]
        let body = SquirroBody.form(form)
        let reply = try await transport.send(HTTPRequestSpec(
            method: "POST", url: base + "/oauth2/token",
            headers: [("Accept", "application/json"), ("User-Agent", "roster"), ("Content-Type", body.contentType)]
                .map { (name: $0.0, value: $0.1) },
            body: body.bytes, mutating: false, operation: "oauth2 token"))
        let json = SquirroJSON.squirroAnswer(reply.body) ?? .object([:])
        guard reply.status == 200, let access = json["access_token"]?.string else {
            throw RosterError(backend: backend, operation: "oauth2 token", code: "HTTP \(reply.status)",
                              message: Self.tokenProblem(reply.status, json))
        }
        return (access, json["refresh_token"]?.string.map(Secret.init))
    }

    /// What a refused exchange means, per Squirro's docs (404 invalid token, 410 revoked).
    static func tokenProblem(_ status: Int, _ json: SquirroJSON) -> String {
        let server = errorText(json).map { " (the server says: \($0))" } ?? ""
        switch status {
        case 410: return "the refresh token in 'token' has been revoked\(server); issue a new one in Squirro"
        case 403, 404: return "the refresh token in 'token' is not valid for this tenant\(server)"
        case 400: return "the token request was refused\(server)"
        case 200: return "the token answer has no access_token"
        default: return "unexpected answer from the token endpoint\(server)"
        }
    }
}

/// Holds the access token; concurrent callers share one exchange. Keeps the refresh token the
/// server last returned (the SDK replaces its own with it too).
actor TokenKeeper {
    private(set) var refreshToken: Secret
    private var access: String?
    private var pending: Task<String, any Error>?

    init(refreshToken: Secret) { self.refreshToken = refreshToken }

    func current(_ exchange: @escaping @Sendable () async throws -> (access: String, refresh: Secret?)) async throws -> String {
        if let access { return access }
        if let pending { return try await pending.value }
        let task = Task { () async throws -> String in
            let (access, refresh) = try await exchange()
            self.store(access, refresh)
            return access
        }
        pending = task
        defer { pending = nil }
        return try await task.value
    }

    /// After a 401 with `stale`: one new exchange, shared by every caller that saw the same token.
    func renew(after stale: String,
               _ exchange: @escaping @Sendable () async throws -> (access: String, refresh: Secret?)) async throws -> String {
        if access == stale { access = nil }
        return try await current(exchange)
    }

    private func store(_ access: String, _ refresh: Secret?) {
        self.access = access
        if let refresh, !refresh.isEmpty { refreshToken = refresh }
    }
}
