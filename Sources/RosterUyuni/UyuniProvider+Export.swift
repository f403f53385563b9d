import RosterCore

/// `roster import` for Uyuni: each user an account (roles, assigned and default system groups,
/// the flags that differ from a new user's), the system groups under `resources`.
extension UyuniProvider {
    public var secretSettingKeys: [String] { ["password"] }

    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        var children: [String: [String: [String]]] = [:]  // login → kind → names
        for resource in live where resource.id.key.count == 2 {
            children[resource.id.key[0], default: [:]][resource.id.kind, default: []].append(resource.id.key[1])
        }
        var accounts: [ExportedAccount] = []
        var groups = ExportMapping()
        for resource in live.sorted(by: { $0.id < $1.id }) {
            switch resource.id.kind {
            case Kind.user:
                accounts.append(account(resource, children[resource.id.key[0]] ?? [:]))
            case Kind.systemGroup:
                var group = ExportMapping()
                group.set("description", resource.attributes["description"]?.string.map(ExportValue.string))
                groups.set(resource.id.key[0], group.value)
            default: continue
            }
        }
        let resources = groups.isEmpty ? nil : ExportValue.map([("system_groups", groups.value)])
        return BackendExport(accounts: accounts, resources: resources)
    }

    /// A user's account. The password is write-only: none is written, and none is needed, as an
    /// existing user's password is only sent again with `password_update: always`.
    private func account(_ user: Resource, _ children: [String: [String]]) -> ExportedAccount {
        let attributes = user.attributes
        var fields = ExportMapping()
        for (key, kind) in [("roles", Kind.role), ("system_groups", Kind.assignedGroup),
                            ("default_system_groups", Kind.defaultGroup)] {
            if let names = children[kind], !names.isEmpty { fields.set(key, .strings(names.sorted())) }
        }
        // Only what a new user would not have: the plan compares just the declared flags.
        fields.setSimpleKeys(Self.accountKeys, from: attributes, skippingDefaults: true)
        let email = attributes["email"]?.string ?? ""
        return ExportedAccount(
            login: user.id.key[0], loginKey: "login", email: email.isEmpty ? nil : email,
            person: [.firstName(attributes["first_name"]?.string ?? ""), .lastName(attributes["last_name"]?.string ?? ""),
                     .email(email), .state(attributes["enabled"]?.bool == false ? .disabled : .active)],
            fields: fields)
    }
}
