import RosterCore
import RosterYAML

/// `type: ctera`: local and directory users of a CTERA Portal (Global Administration or one team
/// portal), their roles and S3 credentials, and the apply-changes step that pushes user changes out.
public struct CteraProvider: Provider {
    public init() {}

    public let type = "ctera"

    public enum Kind {
        public static let user = "ctera.user"
        public static let domainUser = "ctera.domain_user"
        /// How many S3 keys a local user has (beyond those the config revokes).
        public static let s3KeyCount = "ctera.s3_key_count"
        /// One S3 key, by (user, access key id): listed, and deleted when revoked.
        public static let s3Credential = "ctera.s3_credential"
        /// The trailing "apply provisioning changes" of a portal.
        public static let applyChanges = "ctera.apply_changes"
    }

    public let kinds: [ResourceKind] = [
        // Names compare as Unicode text (a composed and a decomposed accent are one name on the
        // portal). A rename is a PUT of the whole user to its current name. A new user without a
        // declared role is an end user.
        ResourceKind(Kind.user, key: ["name"], identity: [.unicodeNFC], attributes: [
            AttributeSpec("email"), AttributeSpec("first_name"), AttributeSpec("last_name"),
            AttributeSpec("role", default: .string(CteraRole.endUser.rawValue)),
            AttributeSpec("company"), AttributeSpec("comment"),
            // Plans show both as the config's `must_change_password` (`true` for -1: at next login).
            AttributeSpec("password_change_on", display: .configKey("must_change_password", words: [:])),
            AttributeSpec("password", .writeOnly),
            AttributeSpec("password_change_days", .writeOnly, display: .configKey("must_change_password", words: [-1: "true"])),
        ], canRename: true),
        ResourceKind(Kind.domainUser, key: ["directory", "name"], identity: [.unicodeNFC, .unicodeNFC],
                     attributes: [AttributeSpec("role")]),
        ResourceKind(Kind.s3KeyCount, key: ["user"], identity: [.unicodeNFC], attributes: [AttributeSpec("count")],
                     parents: [Dependency(Kind.user, key: [0])]),
        // A deleted user's S3 keys go first, each its own action, so the plan shows every one.
        ResourceKind(Kind.s3Credential, key: ["user", "access_key"], identity: [.unicodeNFC],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)]),
        ResourceKind(Kind.applyChanges, key: ["portal"], isTrailing: true),
    ]

    public struct Settings: ProviderSettings {
        public var username: String
        public var password: Secret
        /// The team portal to manage; nil for Global Administration.
        public var tenant: String?
    }

    public let settingKeys = ["username", "password", "tenant"]

    /// A user is one `db get-multi` by name (`CteraSession.named`).
    public var readsNamedObjectsByKey: Bool { true }

    public func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        let sandbox = node["url"]?.scalar == "sandbox"
        let username = node["username"].flatMap { reader.string($0, "username") } ?? (sandbox ? "admin" : nil)
        let password = node["password"].flatMap { reader.secret($0, "password") }
            ?? (sandbox ? Secret("sandbox-admin") : nil)
        let tenant = node["tenant"].flatMap { reader.string($0, "tenant") }
        guard let username, let password else {
            if node["username"] == nil { reader.bag.error("backend '\(backend)' needs 'username'", at: node.location) }
            if node["password"] == nil { reader.bag.error("backend '\(backend)' needs 'password'", at: node.location) }
            return nil
        }
        return Settings(username: username, password: password, tenant: tenant)
    }

    public func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        guard let settings = backend.settings as? Settings else {
            throw RosterError(backend: backend.name, operation: "connect", message: "settings of another type")
        }
        let client = CteraClient(backend: backend.name, url: context.url, username: settings.username,
                                 password: settings.password, tenant: settings.tenant, tls: context.tls,
                                 mode: context.mode, logger: context.logger, retry: context.retry)
        return CteraSession(client: client, backend: backend.name, parallelism: context.parallelism)
    }

    /// The portal name an apply-changes step is keyed by.
    static func portalName(_ backend: BackendConfig) -> String {
        (backend.settings as? Settings)?.tenant ?? "global"
    }

    /// A new user without a declared password gets a generated one; more S3 keys than the live
    /// count means new secret keys.
    public func generatesSecret(_ change: Change) -> Bool {
        switch (change.id.kind, change.operation) {
        case (Kind.user, .create): change.value("password") == nil
        case (Kind.s3KeyCount, .create), (Kind.s3KeyCount, .update):
            (change.value("count")?.int ?? 0) > (change.before?["count"]?.int ?? 0)
        default: false
        }
    }

    /// One apply-changes after any change to a user of the portal.
    public func trailingChanges(for changes: [Change], backend: BackendConfig) -> [Change] {
        guard changes.contains(where: { $0.id.kind == Kind.user || $0.id.kind == Kind.domainUser }) else { return [] }
        let id = ResourceID(backend: backend.name, kind: Kind.applyChanges, key: [Self.portalName(backend)])
        return [Change(.create, id, after: ["objects": "users"])]
    }
}
