import RosterCore
import RosterYAML

/// `type: uyuni`: users, roles, system groups and group assignments of an Uyuni / SUSE Manager /
/// Spacewalk server, through its XML-RPC `user` and `systemgroup` namespaces.
public struct UyuniProvider: Provider {
    public init() {}

    public let type = "uyuni"

    public enum Kind {
        public static let user = "uyuni.user"
        public static let role = "uyuni.role"
        public static let systemGroup = "uyuni.system_group"
        public static let assignedGroup = "uyuni.assigned_group"
        public static let defaultGroup = "uyuni.default_group"
    }

    public let kinds: [ResourceKind] = [
        // Logins are looked up by their upper-cased form (`login_uc`), and the API cannot rename one.
        // A new user is enabled, not read-only, without PAM and with errata e-mails on.
        ResourceKind(Kind.user, key: ["login"], identity: [.asciiCaseInsensitive], attributes: [
            AttributeSpec("first_name"), AttributeSpec("last_name"), AttributeSpec("email"),
            AttributeSpec("enabled", default: .bool(true)), AttributeSpec("use_pam", default: .bool(false)),
            AttributeSpec("read_only", default: .bool(false)),
            AttributeSpec("errata_notification", default: .bool(true)), AttributeSpec("password", .writeOnly),
        ]),
        // A deleted user's roles and group assignments go first, each its own action, so that a
        // reviewer sees everything an offboarding takes away (the server would drop them with the user).
        ResourceKind(Kind.role, key: ["login", "role"], identity: [.asciiCaseInsensitive],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)], removalsFirst: true),
        ResourceKind(Kind.systemGroup, key: ["name"], attributes: [AttributeSpec("description")]),
        ResourceKind(Kind.assignedGroup, key: ["login", "group"], identity: [.asciiCaseInsensitive],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false),
                               Dependency(Kind.systemGroup, key: [1])]),
        ResourceKind(Kind.defaultGroup, key: ["login", "group"], identity: [.asciiCaseInsensitive],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false),
                               Dependency(Kind.systemGroup, key: [1])]),
    ]

    /// Roles that `org_admin` implies; the server lists them for every org admin.
    static let impliedByOrgAdmin: Set<String> = [
        "channel_admin", "config_admin", "system_group_admin", "activation_key_admin", "image_admin",
    ]

    public struct Settings: ProviderSettings {
        public var username: String
        public var password: Secret
    }

    public let settingKeys = ["username", "password"]

    public func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        let sandbox = node["url"]?.scalar == "sandbox"
        let username = node["username"].flatMap { reader.string($0, "username") } ?? (sandbox ? "admin" : nil)
        let password = node["password"].flatMap { reader.secret($0, "password") }
            ?? (sandbox ? Secret("sandbox-admin") : nil)
        guard let username, let password else {
            if node["username"] == nil { reader.bag.error("backend '\(backend)' needs 'username'", at: node.location) }
            if node["password"] == nil { reader.bag.error("backend '\(backend)' needs 'password'", at: node.location) }
            return nil
        }
        return Settings(username: username, password: password)
    }

    public func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        guard let settings = backend.settings as? Settings else {
            throw RosterError(backend: backend.name, operation: "connect", message: "settings of another type")
        }
        let client = UyuniClient(backend: backend.name, url: context.url, username: settings.username,
                                 password: settings.password, mode: context.mode, logger: context.logger,
                                 retry: context.retry, tls: context.tls)
        return UyuniSession(client: client, backend: backend.name, parallelism: context.parallelism)
    }

    /// The fact under which a session hands over the role labels its login may assign.
    static let assignableRolesFact = "uyuni.assignable_roles"

    /// The checks without the live state, and: a role to grant or revoke must be one the login may
    /// assign, as `user.addRole` and `removeRole` check it (fault -2005), so a typo is an error at
    /// its line, not at apply.
    public func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems = check(change, backend: backend)
        guard change.id.kind == Kind.role, change.operation != .update,
              let listed = live.facts[Self.assignableRolesFact]?.list else { return problems }
        let assignable = listed.compactMap(\.string)
        let role = change.id.key[1], login = change.id.key[0]
        guard !assignable.contains(role) else { return problems }
        let can = [Diagnostic.Note("assignable there: \(assignable.isEmpty ? "none" : assignable.joined(separator: ", "))")]
        if change.operation == .delete {
            problems.append(.error("role '\(role)' of '\(login)' cannot be revoked by roster's login on '\(backend.name)'",
                                   at: change.location ?? backend.location,
                                   notes: can + [.init("list '\(role)' under the account's roles, or sign in as a user who may revoke it")]))
        } else {
            problems.append(.error("role '\(role)' of '\(login)' is not one '\(backend.name)' lets roster's login assign",
                                   at: change.location, notes: Suggestion.note(for: role, in: assignable) + can))
        }
        return problems
    }

    public func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] {
        // user.create takes an e-mail: a user created without one is refused at apply.
        if change.id.kind == Kind.user, change.operation == .create, change.value("email") == nil {
            return [.error("user '\(change.id.keyString)' must be created on '\(backend.name)' but has no email",
                           at: change.location, notes: [.init("set 'email' on the person: Uyuni creates users with one")])]
        }
        guard change.id.kind == Kind.user, change.operation == .create,
              change.value("password") == nil, change.value("use_pam")?.bool != true else { return [] }
        return [.error("user '\(change.id.keyString)' must be created on '\(backend.name)' but has no password",
                       at: change.location,
                       notes: [.init("set 'password' on the person, or 'pam: true' on the account")])]
    }
}
