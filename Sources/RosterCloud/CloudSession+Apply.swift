import Foundation
import RosterCore

extension CloudSession {
    func apply(_ change: Change) async throws -> ApplyResult {
        let key = change.id.key
        switch (change.id.kind, change.operation) {
        case (Kind.user, .create): return try await createUser(key[0], change)
        case (Kind.user, .update): return try await updateUser(key[0], change)
        case (Kind.user, .delete):
            let user = try await nonAdmin(key[0], change)
            try await client.deleteUser(id: user.id, email: key[0])
            ids.set(user: key[0], nil)
        case (Kind.apiKey, .create):
            // The server's default priority is 0: the user's must be above it (after an unlock, say).
            await awaitUserPriority(key[0], above: change.value("priority")?.int ?? 0)
            let secret = try await client.createAPIKey(userID: try await userID(key[0], change), email: key[0],
                                                       label: key[1], priority: change.value("priority")?.int,
                                                       duration: change.value("duration")?.int)
            return ApplyResult(secrets: [change.id.secretName("token"): secret])
        case (Kind.apiKey, .update):
            guard let priority = change.value("priority")?.int else { break }
            await awaitUserPriority(key[0], above: priority)
            try await client.updateAPIKey(id: try keyID(change), email: key[0], label: key[1], priority: priority)
        case (Kind.apiKey, .delete), (Kind.jobToken, .delete):
            try await client.revokeAPIKey(id: try keyID(change), email: key[0], label: key[1])
            ids.set(key: change.id, nil)
        default:
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)",
                              object: change.id.keyString, message: "not supported by the cloud user API")
        }
        return ApplyResult()
    }

    /// Creates the user with every declared field; without a declared password, with a generated
    /// one that goes only to the apply's secrets.
    private func createUser(_ email: String, _ change: Change) async throws -> ApplyResult {
        var fields = Self.fields(of: change)
        fields["email"] = email
        fields["is_admin"] = false
        var result = ApplyResult()
        if change.value("sign_in") == .string(CloudProvider.SignIn.locked) {
            // A disabled person's new account: locked from the start, its password never kept.
            fields["password"] = Secret(GeneratedData.password()).reveal()
        } else if fields["password"] == nil {
            let generated = Secret(GeneratedData.password())
            fields["password"] = generated.reveal()
            result.secrets[change.id.secretName("password")] = generated
        }
        let user = try await client.createUser(fields, email: email)
        ids.set(user: email, user.id)
        ids.set(priority: email, user.priority)
        return result
    }

    private func updateUser(_ email: String, _ change: Change) async throws -> ApplyResult {
        // A rename from a previous address: found under the old one, given the new one.
        let previous = change.before?["email"]?.string.flatMap { $0 == email ? nil : $0 }
        let user = try await nonAdmin(previous ?? email, change)
        var fields = Self.fields(of: change)
        if previous != nil { fields["email"] = email }
        var result = ApplyResult()
        if CloudProvider.isLock(change) {
            // Registered with the redactor as it is made: no log line can carry it.
            fields["password"] = Secret(GeneratedData.password()).reveal()
            fields["priority"] = 0
            // The platform refuses a user priority at or below a live token's: the revocations go first.
            await awaitTokensRevoked(email)
        } else if CloudProvider.isUnlock(change) {
            if fields["priority"] == nil { fields["priority"] = CloudProvider.defaultUserPriority }
            if fields["password"] == nil {
                let generated = Secret(GeneratedData.password())
                fields["password"] = generated.reveal()
                result.secrets[change.id.secretName("password")] = generated
            }
        }
        if !fields.isEmpty { try await client.updateUser(id: user.id, email: email, fields) }
        if let previous {
            ids.set(user: previous, nil)
            ids.set(user: email, user.id)
            ids.set(priority: email, user.priority)
            ids.moveKeys(from: previous, to: email)
        }
        if let priority = fields["priority"] as? Int { ids.set(priority: email, priority) }
        return result
    }

    /// Waits (up to ten seconds, like `awaitUserPriority`) for this run to revoke the user's keys
    /// and job tokens; after that the server decides.
    func awaitTokensRevoked(_ email: String) async {
        for _ in 0..<200 {
            guard ids.holdsTokens(email) else { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A key's priority must be lower than its user's. The planner orders a key after its user only
    /// when the user is created, so when the same plan raises the user's priority, the key waits (up
    /// to ten seconds) for that update; after that the server decides.
    func awaitUserPriority(_ email: String, above wanted: Int?) async {
        guard let wanted else { return }
        for _ in 0..<200 {
            guard let current = ids.priority(email), current <= wanted else { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The request fields of a change's desired attributes (read-only ones left out).
    static func fields(of change: Change) -> [String: Any] {
        var fields: [String: Any] = [:]
        for name in ["first_name", "last_name"] {
            if let value = change.value(name)?.string { fields[name] = value }
        }
        if let platforms = change.value("platform_ids")?.list { fields["platform_ids"] = platforms.compactMap(\.string) }
        if let priority = change.value("priority")?.int { fields["priority"] = priority }
        switch change.value("company_id") {
        case .int(let id)?: fields["company_id"] = id
        case .null?: fields["company_id"] = NSNull()
        default: break
        }
        if let password = change.value("password")?.secret { fields["password"] = password.reveal() }
        return fields
    }

    /// Reads the user before changing it: an admin is refused here too, whatever the plan said.
    private func nonAdmin(_ email: String, _ change: Change) async throws -> CloudUser {
        let user = try await client.readUser(id: try await userID(email, change), email: email)
        if user.isAdmin {
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)", object: email,
                              message: "refused: '\(email)' is an admin user, which roster never changes or deletes")
        }
        return user
    }

    private func userID(_ email: String, _ change: Change) async throws -> Int {
        if let id = ids.user(email) { return id }
        // Not seen by this session's fetch (a user created in this run by another session, say): look again.
        for user in try await client.listUsers(parallel: parallelism) { ids.set(user: user.email.lowercased(), user.id) }
        guard let id = ids.user(email) else {
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)", object: email,
                              code: .http(404), message: "Unknown user")
        }
        return id
    }

    private func keyID(_ change: Change) throws -> Int {
        guard let id = ids.key(change.id) else {
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)",
                              object: change.id.keyString, message: "the key was not among the user's keys when fetched")
        }
        return id
    }
}
