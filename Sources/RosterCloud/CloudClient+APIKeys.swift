import Foundation
import RosterCore

/// An API key as the token list answers it (§3.3); API keys are tokens with `is_apikey`.
struct CloudAPIKey: Decodable, Sendable {
    var id: Int
    var label: String
    var priority: Int?
    var userID: Int?
    var isRevoked: Bool
    var isAPIKey: Bool

    enum CodingKeys: String, CodingKey {
        case id, tokenID = "token_id", label, priority, userID = "user_id", isRevoked = "is_revoked", isAPIKey = "is_apikey"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int.self, forKey: .id) ?? c.decode(Int.self, forKey: .tokenID)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? "unknown"
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        userID = try c.decodeIfPresent(Int.self, forKey: .userID)
        isRevoked = try c.decodeIfPresent(Bool.self, forKey: .isRevoked) ?? false
        // A server whose list holds only API keys need not say so.
        isAPIKey = try c.decodeIfPresent(Bool.self, forKey: .isAPIKey) ?? true
    }
}

/// `POST /api/tokens` → `{token, token_id, duration}`.
struct CreatedKey: Decodable {
    var token: String
    var tokenID: Int?

    enum CodingKeys: String, CodingKey { case token, tokenID = "token_id" }
}

extension CloudClient {
    /// A user's live (not revoked, not expired) API keys and job tokens.
    func listTokens(userID: Int, email: String) async throws -> [CloudAPIKey] {
        let base = paths.apiKeys
        let keys: [CloudAPIKey] = try await paged(base) { offset in
            try await self.request("GET", base, query: [
                ("user_id", String(userID)), ("include_revoked", "false"),
                ("limit", String(Self.pageSize)), ("offset", String(offset)),
            ], object: email)
        }
        return keys.filter { !$0.isRevoked && ($0.userID == nil || $0.userID == userID) }
    }

    /// Creates a key for the user and returns its secret.
    func createAPIKey(userID: Int, email: String, label: String, priority: Int?, duration: Int? = nil) async throws -> Secret {
        var body: [String: Any] = ["label": label, "user_id": userID, "is_apikey": true]
        if let priority { body["priority"] = priority }
        if let duration { body["duration"] = duration }
        let data = try await request("POST", paths.apiKeys, body: try Self.json(body), object: "\(email)/\(label)")
        let created = try decode(CreatedKey.self, data, operation: "POST \(paths.apiKeys)")
        return Secret(created.token)
    }

    /// `PUT base/{id}` with `{label, priority}`.
    func updateAPIKey(id: Int, email: String, label: String, priority: Int) async throws {
        let body = try Self.json(["label": label, "priority": priority])
        _ = try await request("PUT", "\(paths.apiKeys)/\(id)", body: body, object: "\(email)/\(label)")
    }

    /// Removes a key by id. The platform's `/revoke` takes the key's secret, which roster never
    /// keeps for an existing key, so keys go through `delete-by-ids`.
    func revokeAPIKey(id: Int, email: String, label: String) async throws {
        let body = try Self.json(["token_ids": [id]])
        _ = try await request("POST", "\(paths.apiKeys)/delete-by-ids", body: body, object: "\(email)/\(label)")
    }
}
