import RosterCore

/// `roster import` for CTERA: each local user an account (role, company, comment, the number of
/// S3 keys, a password-change date). A portal has no objects of its own besides users.
///
/// Directory (domain) users are read per directory the config names, and import names none, so
/// they are not imported. Passwords and S3 secret keys are write-only and never written: an
/// existing user's password is only sent again with `password_update: always`, and `s3_keys`
/// counts keys without naming their secrets.
extension CteraProvider {
    public var secretSettingKeys: [String] { ["password"] }

    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        var keyCounts: [String: Int] = [:]
        for resource in live where resource.id.kind == Kind.s3KeyCount {
            keyCounts[resource.id.key[0]] = resource.attributes["count"]?.int
        }
        let accounts = live.filter { $0.id.kind == Kind.user }.sorted { $0.id < $1.id }.map { user in
            account(user, keys: keyCounts[user.id.key[0]] ?? 0)
        }
        return BackendExport(accounts: accounts)
    }

    private func account(_ user: Resource, keys: Int) -> ExportedAccount {
        let attributes = user.attributes
        var fields = ExportMapping()
        let role = attributes["role"]?.string ?? CteraRole.endUser.rawValue
        // `Disabled` is the person's state (no key takes it); the role they had before is not kept
        // by the portal. A new user's role (`EndUser`) is left out.
        fields.set(Self.accountKeys, attribute: "role", from: attributes, skippingDefault: true)
        fields.set(Self.accountKeys, attribute: "company", from: attributes)
        fields.set(Self.accountKeys, attribute: "comment", from: attributes)
        if let date = attributes["password_change_on"]?.string, CteraDates.isDate(date) {
            fields.set("must_change_password", .string(date))
        }
        if keys > 0 { fields.set("s3_keys", .int(keys)) }
        let email = attributes["email"]?.string ?? ""
        return ExportedAccount(
            login: user.id.key[0], loginKey: "name", email: email.isEmpty ? nil : email,
            person: [.firstName(attributes["first_name"]?.string ?? ""), .lastName(attributes["last_name"]?.string ?? ""),
                     .email(email), .state(role == CteraRole.disabled.rawValue ? .disabled : .active)],
            fields: fields)
    }
}
