import RosterCore

/// `roster import` for Squirro: each user an account keyed by the person's email (role, custom
/// data, groups, project and workspace roles); groups, the group members of projects and the
/// workspaces under `resources`.
///
/// Squirro holds one `full_name`: it is split at the first space into the person's first and last
/// name, which the provider joins back the same way. Passwords are write-only and never written.
extension SquirroProvider {
    public var secretSettingKeys: [String] { ["token", "client_secret"] }

    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        var memberships: [String: [String: [(String, String?)]]] = [:]  // email → kind → (name, role)
        var groups: [String] = []
        var projects: [String: [(String, String)]] = [:]
        var workspaces = ExportMapping()
        var warnings: [String] = []
        for resource in live.sorted(by: { $0.id < $1.id }) {
            let key = resource.id.key, role = resource.attributes["role"]?.string
            switch resource.id.kind {
            case Kind.group: groups.append(key[0])
            case Kind.groupMember, Kind.projectUser, Kind.workspaceUser:
                memberships[key[0], default: [:]][resource.id.kind, default: []].append((key[1], role))
            case Kind.projectGroup:
                if let role { projects[key[0], default: []].append(("group:" + key[1], role)) } else {
                    warnings.append("group '\(key[1])' of project '\(key[0])' on '\(backend.name)' has no role; left out")
                }
            case Kind.workspace:
                var workspace = ExportMapping()
                workspace.set("title", resource.attributes["title"]?.string.map(ExportValue.string))
                workspaces.set(key[0], workspace.value)
            default: continue
            }
        }
        var accounts: [ExportedAccount] = []
        for user in live.filter({ $0.id.kind == Kind.user }).sorted(by: { $0.id < $1.id }) {
            accounts.append(account(user, memberships[user.id.key[0]] ?? [:], backend: backend, warnings: &warnings))
        }
        var resources = ExportMapping()
        if !groups.isEmpty { resources.set("groups", .strings(groups)) }
        if !projects.isEmpty {
            resources.set("projects", .mapping(projects.sorted { $0.key < $1.key }.map { project, members in
                .init(project, .map([("members", .map(members.map { ($0.0, .string($0.1)) }))]))
            }))
        }
        if !workspaces.isEmpty { resources.set("workspaces", workspaces.value) }
        return BackendExport(accounts: accounts, resources: resources.isEmpty ? nil : resources.value, warnings: warnings)
    }

    private func account(_ user: Resource, _ memberships: [String: [(String, String?)]], backend: BackendConfig,
                         warnings: inout [String]) -> ExportedAccount {
        let email = user.id.key[0]
        var fields = ExportMapping()
        // The keys the table reads (`role`, `display_name`); a new user's role is written too.
        fields.setSimpleKeys(Self.accountKeys, from: user.attributes, skippingDefaults: false)
        var data = ExportMapping()
        for attribute in user.attributes where attribute.name.hasPrefix(Self.dataPrefix) {
            // Custom data a key of its own sets is written under that key.
            if let key = Self.accountKeys.key(setting: attribute.name), key.takes(attribute.value) { continue }
            let key = String(attribute.name.dropFirst(Self.dataPrefix.count))
            switch attribute.value {
            case .string(let s): data.set(key, .string(s))
            case .int(let i): data.set(key, .int(i))
            case .bool(let b): data.set(key, .bool(b))
            default: continue
            }
        }
        if !data.isEmpty { fields.set("data", data.value) }
        if let groups = memberships[Kind.groupMember] { fields.set("groups", .strings(groups.map(\.0))) }
        // A person's `projects:` and `workspaces:` list all of theirs: written only when every
        // role can be, so that none would be removed.
        for (key, kind) in [("projects", Kind.projectUser), ("workspaces", Kind.workspaceUser)] {
            guard let list = memberships[kind] else { continue }
            guard list.allSatisfy({ $0.1 != nil }) else {
                warnings.append("'\(email)' on '\(backend.name)' has \(key) without a role; its \(key) are left out")
                continue
            }
            fields.set(key, .map(list.map { ($0.0, .string($0.1!)) }))
        }
        let fullName = user.attributes["full_name"]?.string ?? ""
        return ExportedAccount(login: email, loginKey: nil, email: email, person: [.fullName(fullName)], fields: fields)
    }
}
