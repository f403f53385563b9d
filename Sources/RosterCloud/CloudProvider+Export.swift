import RosterCore

/// `roster import` for the cloud platform: each user an account keyed by the person's email
/// (platforms, priority, company, API keys by label). The platform has no objects of its own.
///
/// Admin users are exported like the others but without `is_admin`, which a config may not set:
/// roster never changes them, and their accounts plan no change as long as they match. Passwords
/// and API key secrets are write-only and never written.
extension CloudProvider {
    public var secretSettingKeys: [String] { ["password"] }

    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        var keys: [String: [(String, Int?)]] = [:]
        for resource in live where resource.id.kind == Kind.apiKey {
            keys[resource.id.key[0], default: []].append((resource.id.key[1], resource.attributes["priority"]?.int))
        }
        let accounts = live.filter { $0.id.kind == Kind.user }.sorted { $0.id < $1.id }.map { user in
            account(user, keys: (keys[user.id.key[0]] ?? []).sorted { $0.0 < $1.0 })
        }
        return BackendExport(accounts: accounts)
    }

    private func account(_ user: Resource, keys: [(String, Int?)]) -> ExportedAccount {
        let attributes = user.attributes
        var fields = ExportMapping()
        fields.set(Self.accountKeys, attribute: "platform_ids", from: attributes)
        // A locked user (priority 0, the lock's mark) is a disabled person; its keys were revoked.
        let locked = attributes["sign_in"] == .string(SignIn.locked)
        if !locked { fields.set(Self.accountKeys, attribute: "priority", from: attributes) }
        fields.set("company_id", attributes["company_id"]?.int.map(ExportValue.int))
        if !keys.isEmpty {
            fields.set("api_keys", .map(keys.map { label, priority in
                (label, .map(priority.map { [("priority", ExportValue.int($0))] } ?? []))
            }))
        }
        return ExportedAccount(
            login: user.id.key[0], loginKey: nil, email: user.id.key[0],
            person: [.firstName(attributes["first_name"]?.string ?? ""), .lastName(attributes["last_name"]?.string ?? ""),
                     .state(locked ? .disabled : .active)],
            fields: fields)
    }
}
