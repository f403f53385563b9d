import RosterCore
import RosterYAML

/// `type: squirro`: users, groups, group members, project members and workspaces of a Squirro
/// tenant, through the user API (`/api/user`) with an OAuth2 refresh token.
public struct SquirroProvider: Provider {
    public init() {}

    public let type = "squirro"

    public enum Kind {
        public static let user = "squirro.user"
        public static let group = "squirro.group"
        public static let groupMember = "squirro.group_member"
        public static let projectUser = "squirro.project_user"
        public static let projectGroup = "squirro.project_group"
        public static let workspace = "squirro.workspace"
        public static let workspaceUser = "squirro.workspace_user"
        /// A user's role in the backend's own tenant (its membership of the tenant's workspace):
        /// removed by `state: disabled`, which keeps the account but leaves it no way in.
        public static let tenantRole = "squirro.tenant_role"
        /// A grant (a refresh token) or session of a user: they share one id space.
        public static let grant = "squirro.grant"
    }

    /// Custom user data (`update_user_data`) is kept as one attribute per key: `data.dept`.
    static let dataPrefix = "data."

    public let kinds: [ResourceKind] = [
        // Users are found by address without case (an assumption: the reference says addresses are
        // probably unique per tenant); a previous address renames the user through
        // `update_user_data`, keeping its id. A new user without a declared role is a `user`.
        ResourceKind(Kind.user, key: ["email"], identity: [.email], attributes: [
            AttributeSpec("full_name"), AttributeSpec("role", default: .string("user")),
            AttributeSpec("password", .writeOnly),
        ], canRename: true),
        // A group is renamed in place by `update_group`, its members kept.
        ResourceKind(Kind.group, key: ["name"], canRename: true),
        // The server drops a user from its groups when the group goes; before a user goes, its
        // memberships are removed one by one, so the plan shows each.
        ResourceKind(Kind.groupMember, key: ["email", "group"], identity: [.email],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false),
                               Dependency(Kind.group, key: [1])]),
        // Project and workspace memberships are removed explicitly before their user or group,
        // so that nothing is left behind whatever the server does on its own.
        ResourceKind(Kind.projectUser, key: ["email", "project"], identity: [.email], attributes: [AttributeSpec("role")],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)]),
        ResourceKind(Kind.projectGroup, key: ["project", "group"], attributes: [AttributeSpec("role")],
                     parents: [Dependency(Kind.group, key: [1], cascadesOnDelete: false)]),
        ResourceKind(Kind.workspace, key: ["domain"], attributes: [AttributeSpec("title")]),
        ResourceKind(Kind.workspaceUser, key: ["email", "workspace"], identity: [.email], attributes: [AttributeSpec("role")],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false),
                               Dependency(Kind.workspace, key: [1])]),
        // Never declared: read for every user, removed by `state: disabled` (SquirroProvider+Lockout.swift).
        ResourceKind(Kind.tenantRole, key: ["email", "tenant"], identity: [.email],
                     parents: [Dependency(Kind.user, key: [0])]),
        // Never declared: read for a disabled or deleted user, each revoked before its tenant
        // role or its user goes (a session is deleted through the tenant the user is in).
        ResourceKind(Kind.grant, key: ["email", "tenant", "id"], identity: [.email],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false),
                               Dependency(Kind.tenantRole, key: [0, 1])]),
    ]

    public static let serverRoles = ["admin", "user", "demo", "reader"]
    public static let projectRoles = ["reader", "member", "admin"]

    public struct Settings: ProviderSettings {
        public var tenant: String
        /// The refresh token (the "user token" of the Squirro UI).
        public var token: Secret
        public var clientID: String?
        public var clientSecret: Secret?
    }

    public let settingKeys = ["tenant", "token", "client_id", "client_secret"]

    public func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        let sandbox = node["url"]?.scalar == "sandbox"
        let tenant = node["tenant"].flatMap { reader.string($0, "tenant") } ?? (sandbox ? "sandbox" : nil)
        let token = node["token"].flatMap { reader.secret($0, "token") } ?? (sandbox ? Secret("sandbox-token") : nil)
        let clientID = node["client_id"].flatMap { reader.string($0, "client_id") }
        let clientSecret = node["client_secret"].flatMap { reader.secret($0, "client_secret") }
        guard let tenant, let token else {
            if node["tenant"] == nil { reader.bag.error("backend '\(backend)' needs 'tenant'", at: node.location) }
            if node["token"] == nil {
                reader.bag.error("backend '\(backend)' needs 'token' (a refresh token)", at: node.location,
                                 notes: [.init("for example 'token: ${env:SQUIRRO_TOKEN}'")])
            }
            return nil
        }
        return Settings(tenant: tenant, token: token, clientID: clientID, clientSecret: clientSecret)
    }

    public func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        guard let settings = backend.settings as? Settings else {
            throw RosterError(backend: backend.name, operation: "connect", message: "settings of another type")
        }
        let client = SquirroClient(backend: backend.name, url: context.url, settings: settings, mode: context.mode,
                                   logger: context.logger, retry: context.retry, tls: context.tls)
        // The token exchange first: a refused token is one clear error before anything else.
        do {
            try await client.authenticate()
        } catch {
            await client.close()
            throw error
        }
        return SquirroSession(client: client, backend: backend.name, tenant: settings.tenant,
                              parallelism: context.parallelism)
    }

    public func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if change.id.kind == Kind.user, let password = change.value("password")?.secret,
           let rule = SquirroPasswordPolicy(facts: live.facts).brokenRule(password.reveal()) {
            problems.append(.error("the password of '\(change.id.keyString)' breaks the password policy of '\(backend.name)': \(rule)",
                                   at: change.location,
                                   notes: [.init("the server's policy: \(SquirroPasswordPolicy(facts: live.facts).summary)")]))
        }
        if change.id.kind == Kind.workspace, change.operation == .create {
            let title = change.value("title")?.string ?? change.id.keyString
            let domain = Self.slug(title)
            if domain != change.id.keyString {
                problems.append(.error("workspace '\(change.id.keyString)' cannot be created: Squirro makes its domain from the title, and '\(title)' gives '\(domain)'",
                                       at: change.location,
                                       notes: [.init("name the workspace '\(domain)' or change its title")]))
            }
        }
        return problems
    }

    /// How the server turns a workspace title into its domain (an assumption the reference shares:
    /// lower case, runs of other characters one `-`). Only a plan-time guard depends on it.
    static func slug(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}
