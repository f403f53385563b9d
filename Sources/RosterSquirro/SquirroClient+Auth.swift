import RosterCore
import RosterHTTP

extension SquirroClient {
    /// Makes sure an access token is at hand (the token exchange, if none yet).
    func authenticate() async throws {
        _ = try await tokens.credential { try await self.exchange($0) }
    }

    /// `POST /oauth2/token`: the refresh-token grant, form-encoded, without a bearer header, with
    /// the refresh token the server last returned (`token` at first). It changes nothing on the
    /// server, so a read-only session may send it.
    func exchange(_ previous: SquirroTokens?) async throws -> SquirroTokens {
        let refresh = previous?.refresh ?? settings.token
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
            throw RosterError(backend: backend, operation: "oauth2 token", code: .http(reply.status),
                              message: Self.tokenProblem(reply.status, json))
        }
        // The SDK replaces its refresh token with the one the server returns, and so does roster.
        let returned = json["refresh_token"]?.string.flatMap { $0.isEmpty ? nil : Secret($0) }
        return SquirroTokens(access: access, refresh: returned ?? refresh)
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

/// What Squirro's token exchange gives: the access token, and the refresh token for the next
/// exchange (the one the server returned, else the one sent).
struct SquirroTokens: Sendable, Equatable {
    var access: String
    var refresh: Secret
}
