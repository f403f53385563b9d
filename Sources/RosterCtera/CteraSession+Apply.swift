import CteraXML
import RosterCore

extension CteraSession {
    func apply(_ change: Change) async throws -> ApplyResult {
        let key = change.id.key
        switch (change.id.kind, change.operation) {
        case (Kind.user, .create): return try await createUser(key[0], change)
        case (Kind.user, .update): try await updateUser(key[0], change)
        case (Kind.user, .delete): try await client.deleteUser(key[0])
        case (Kind.domainUser, .delete): try await client.deleteUser(key[1], domain: key[0])
        case (Kind.s3KeyCount, .create), (Kind.s3KeyCount, .update): return try await addKeys(key[0], change)
        case (Kind.s3Credential, .delete): try await revokeKey(key[0], accessKey: key[1])
        case (Kind.applyChanges, _): try await applyChanges(key[0])
        default:
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)",
                              object: change.id.keyString, message: "not supported by the CTERA Portal API")
        }
        return ApplyResult()
    }

    static func wireRole(_ role: String) -> String { CteraRole(rawValue: role)?.wire ?? role }

    /// `db add` of a PortalUser, attributes in the SDK's order. Without a declared password one is
    /// generated, and it goes to `--secrets-out` only.
    private func createUser(_ name: String, _ change: Change) async throws -> ApplyResult {
        var result = ApplyResult()
        let password: Secret
        if let declared = change.value("password")?.secret {
            password = declared
        } else {
            password = Self.generatePassword()
            result.secrets[change.id.secretName("password")] = password
        }
        var user = CteraObject("PortalUser", [
            "name": .text(name), "email": .optional(change.value("email")?.string),
            "firstName": .optional(change.value("first_name")?.string),
            "lastName": .optional(change.value("last_name")?.string), "password": .text(password.reveal()),
            "role": .text(Self.wireRole(change.value("role")?.string ?? "EndUser")),
            "company": .optional(change.value("company")?.string), "comment": .optional(change.value("comment")?.string),
        ])
        if let date = Self.passwordChangeDate(change) { user["requirePasswordChangeOn"] = .text(date) }
        try await client.addUser(user)
        return result
    }

    /// GET the whole user, change what the plan says, PUT it back to its current name.
    private func updateUser(_ name: String, _ change: Change) async throws {
        let current = change.before?["name"]?.string ?? name
        try await client.modifyUser(current) { object in
            let fields = ["name": "name", "email": "email", "first_name": "firstName", "last_name": "lastName",
                          "company": "company", "comment": "comment", "password_change_on": "requirePasswordChangeOn"]
            for (attribute, wire) in fields {
                if let value = change.value(attribute)?.string { object[wire] = .text(value) }
            }
            if let role = change.value("role")?.string { object["role"] = .text(Self.wireRole(role)) }
            if let password = change.value("password")?.secret { object["password"] = .text(password.reveal()) }
            if let date = Self.passwordChangeDate(change) { object["requirePasswordChangeOn"] = .text(date) }
        }
    }

    static func passwordChangeDate(_ change: Change) -> String? {
        if let days = change.value("password_change_days")?.int { return CteraDates.date(inDays: days) }
        return change.value("password_change_on")?.string
    }

    /// New keys up to the declared count; each secret goes to `--secrets-out` only.
    private func addKeys(_ user: String, _ change: Change) async throws -> ApplyResult {
        let have = change.before?["count"]?.int ?? 0
        let want = change.value("count")?.int ?? 0
        guard want > have else { return ApplyResult() }
        let uid = try await client.uid(of: user)
        var result = ApplyResult()
        for _ in have..<want {
            let (accessKey, secret) = try await client.createAccessKey(uid: uid, object: user)
            let keyID = ResourceID(backend: backend, kind: Kind.s3Credential, key: [user, accessKey])
            result.secrets[keyID.secretName("secret_key")] = secret
        }
        return result
    }

    /// Lists the user's keys and deletes the one with this access key id, by its uid.
    private func revokeKey(_ user: String, accessKey: String) async throws {
        let uid = try await client.uid(of: user)
        guard let key = try await client.accessKeys(uid: uid, object: user).first(where: { $0.accessKey == accessKey })
        else { return }
        try await client.deleteAccessKey(uid: key.uid, object: user)
    }

    /// Starts apply-changes and waits for its background task; a failed task fails the action.
    private func applyChanges(_ portal: String) async throws {
        let reference = try await client.applyChanges()
        var delay = Duration.milliseconds(250)
        let deadline = ContinuousClock.now + .seconds(15 * 60)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: delay)
            let (status, message) = try await client.taskStatus(reference)
            switch status {
            case "completed", "completed with warnings": return
            case "failed", "stopped", "disabled":
                throw RosterError(backend: backend, operation: "apply changes", object: portal, code: .task(status),
                                  message: "background task \(reference) ended \(status)" + (message.map { ": \($0)" } ?? ""))
            default:
                delay = min(delay * 2, .seconds(5))
            }
        }
        throw RosterError(backend: backend, operation: "apply changes", object: portal,
                          message: "background task \(reference) did not finish within 15 minutes")
    }

    static func generatePassword() -> Secret {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let body = (0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return Secret(String(body) + "-7a")
    }
}
