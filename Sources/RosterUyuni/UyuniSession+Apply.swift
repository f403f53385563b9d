import RosterCore
import XMLRPC

extension UyuniSession {
    func apply(_ change: Change) async throws -> ApplyResult {
        let key = change.id.key
        switch (change.id.kind, change.operation) {
        case (Kind.user, .create): try await createUser(key[0], change)
        case (Kind.user, .update): try await updateUser(key[0], change)
        case (Kind.user, .delete): _ = try await client.call("user.delete", [.string(key[0])], object: key[0])
        case (Kind.role, .create): _ = try await client.call("user.addRole", [.string(key[0]), .string(key[1])], object: key[0])
        case (Kind.role, .delete):
            _ = try await client.call("user.removeRole", [.string(key[0]), .string(key[1])], object: key[0])
        case (Kind.systemGroup, .create):
            _ = try await client.call("systemgroup.create", [.string(key[0]), .string(change.value("description")?.string ?? "")],
                                      object: key[0])
        case (Kind.systemGroup, .update):
            _ = try await client.call("systemgroup.update", [.string(key[0]), .string(change.value("description")?.string ?? "")],
                                      object: key[0])
        case (Kind.systemGroup, .delete): _ = try await client.call("systemgroup.delete", [.string(key[0])], object: key[0])
        case (Kind.assignedGroup, .create):
            _ = try await client.call("user.addAssignedSystemGroup", [.string(key[0]), .string(key[1]), .boolean(false)],
                                      object: key[0])
        case (Kind.assignedGroup, .delete):
            _ = try await client.call("user.removeAssignedSystemGroup", [.string(key[0]), .string(key[1]), .boolean(false)],
                                      object: key[0])
        case (Kind.defaultGroup, .create):
            _ = try await client.call("user.addDefaultSystemGroup", [.string(key[0]), .string(key[1])], object: key[0])
        case (Kind.defaultGroup, .delete):
            _ = try await client.call("user.removeDefaultSystemGroup", [.string(key[0]), .string(key[1])], object: key[0])
        default:
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)",
                              object: change.id.keyString, message: "not supported by the Uyuni API")
        }
        return ApplyResult()
    }

    private func createUser(_ login: String, _ change: Change) async throws {
        let pam = change.value("use_pam")?.bool ?? false
        let password = change.value("password")?.secret?.reveal() ?? ""
        _ = try await client.call("user.create", [
            .string(login), .string(password),
            .string(change.value("first_name")?.string ?? ""), .string(change.value("last_name")?.string ?? ""),
            .string(change.value("email")?.string ?? ""), .int(pam ? 1 : 0),
        ], object: login)
        // A new user is enabled, writable and notified: change only what the config says otherwise.
        var after = Attributes()
        if change.value("enabled")?.bool == false { after["enabled"] = .bool(false) }
        if change.value("read_only")?.bool == true { after["read_only"] = .bool(true) }
        if change.value("errata_notification")?.bool == false { after["errata_notification"] = .bool(false) }
        if !after.isEmpty { try await updateUser(login, Change(.update, change.id, after: after)) }
    }

    private func updateUser(_ login: String, _ change: Change) async throws {
        var details = XMLRPCStruct()
        for name in ["first_name", "last_name", "email"] {
            if let value = change.value(name)?.string { details[name] = .string(value) }
        }
        if let password = change.value("password")?.secret { details["password"] = .string(password.reveal()) }
        if !details.isEmpty {
            _ = try await client.call("user.setDetails", [.string(login), .struct(details)], object: login)
        }
        if let pam = change.value("use_pam")?.bool {
            _ = try await client.call("user.usePamAuthentication", [.string(login), .int(pam ? 1 : 0)], object: login)
        }
        if let readOnly = change.value("read_only")?.bool {
            _ = try await client.call("user.setReadOnly", [.string(login), .boolean(readOnly)], object: login)
        }
        if let notify = change.value("errata_notification")?.bool {
            _ = try await client.call("user.setErrataNotifications", [.string(login), .boolean(notify)], object: login)
        }
        if let enabled = change.value("enabled")?.bool {
            _ = try await client.call(enabled ? "user.enable" : "user.disable", [.string(login)], object: login)
        }
    }
}
