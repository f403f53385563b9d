import RosterCore

/// `roster import` for ActiveLogic: each user an account (permission masks, timeout, allowed
/// hosts, SSH keys as their base64 bodies). Users have no email, so people are joined by login.
/// Passwords are write-only and never written; `admin` is exported like any user (never removed).
extension ActiveLogicProvider {
    public var secretSettingKeys: [String] { ["password"] }

    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        var keys: [String: [String]] = [:]
        for resource in live where resource.id.kind == Kind.pubkey {
            keys[resource.id.key[0], default: []].append(resource.id.key[1])
        }
        let accounts = live.filter { $0.id.kind == Kind.user }.sorted { $0.id < $1.id }.map { user in
            account(user, keys: (keys[user.id.key[0]] ?? []).sorted())
        }
        return BackendExport(accounts: accounts)
    }

    private func account(_ user: Resource, keys: [String]) -> ExportedAccount {
        let attributes = user.attributes
        var fields = ExportMapping()
        for mask in Self.masks {
            guard let bits = attributes[mask]?.int else { continue }
            fields.set(mask, bits == ActiveLogicValues.allBits ? .string("all") : .int(bits))
        }
        fields.set(Self.accountKeys, attribute: "timeout", from: attributes)
        fields.set(Self.accountKeys, attribute: "hosts", from: attributes)
        if !keys.isEmpty { fields.set("ssh_keys", .strings(keys)) }
        return ExportedAccount(login: user.id.key[0], loginKey: "name", email: nil, person: [], fields: fields)
    }
}
