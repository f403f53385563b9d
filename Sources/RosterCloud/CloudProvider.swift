import RosterCore
import RosterYAML

/// `type: cloud`: the users of a cloud platform's user API (reference §3): users keyed by email,
/// with names, platforms, priority and company, and their API keys. Admin users are read but never
/// created, changed or deleted.
public struct CloudProvider: Provider {
    public init() {}

    public let type = "cloud"

    public enum Kind {
        public static let user = "cloud.user"
        public static let apiKey = "cloud.api_key"
        public static let jobToken = "cloud.job_token"
    }

    /// The user's `sign_in`, the lock roster makes where the platform has no disabled flag (see
    /// `CloudProvider+Lockout.swift`).
    public typealias SignIn = Lockout.SignIn

    public let kinds: [ResourceKind] = [
        // Addresses are lower-cased by the platform; a previous address renames the user in place
        // (`update` with the new `email`), its id and keys kept. A new user gets the `User()`
        // defaults: no platforms, priority 2, no company.
        ResourceKind(Kind.user, key: ["email"], identity: [.email], attributes: [
            AttributeSpec("first_name"), AttributeSpec("last_name"), AttributeSpec("platform_ids", default: .set([])),
            AttributeSpec("priority", default: .int(CloudProvider.defaultUserPriority)),
            AttributeSpec("company_id", default: .null), AttributeSpec("password", .writeOnly),
            AttributeSpec("is_admin", .readOnly), AttributeSpec("sign_in"),
        ], canRename: true, lockout: .randomPassword()),
        // A new key's priority is 0 (`POST /api/tokens`). The server removes a user's keys with the
        // user, but offboarding revokes each one first, as its own action.
        ResourceKind(Kind.apiKey, key: ["email", "label"], identity: [.email],
                     // `duration` is sent when the key is created and never compared: the token list
                     // gives an expiration date, and a key's lifetime cannot be changed (`PUT` takes
                     // label and priority), so it is read-only once the key exists.
                     attributes: [AttributeSpec("priority", default: .int(0)), AttributeSpec("duration", .readOnly)],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)]),
        // The user's own job tokens: never declared, revoked when the person is disabled or absent.
        ResourceKind(Kind.jobToken, key: ["email", "label"], identity: [.email],
                     parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)]),
    ]

    /// The platform's default user priority (`User(priority=2)`), which caps undeclared users' keys.
    public static let defaultUserPriority = 2

    public struct Settings: ProviderSettings {
        public var email: String
        public var password: Secret
        public var paths: CloudPaths
        /// Makes an address for a person without one: `{first}.{last}@example.com`.
        public var emailTemplate: String?
        /// Whether a new account without a password gets a generated one (default) or is a plan error.
        public var generatePasswords: Bool
    }

    public let settingKeys = ["email", "password", "paths", "email_template", "generate_passwords"]

    public func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        let sandbox = node["url"]?.scalar == "sandbox"
        let email = node["email"].flatMap { reader.string($0, "email") } ?? (sandbox ? "admin@example.com" : nil)
        let password = node["password"].flatMap { reader.secret($0, "password") }
            ?? (sandbox ? Secret("sandbox-admin") : nil)
        let paths = node["paths"].map { CloudPaths.read($0, backend: backend, reader: reader) } ?? CloudPaths()
        var template: String?
        if let value = node["email_template"], let text = reader.string(value, "email_template") {
            if GeneratedData.email(template: text, first: "a", last: "b", name: "c") == nil {
                reader.bag.error("'email_template' '\(text)' does not make an address", at: value.location,
                                 notes: [.init("for example '{first}.{last}@example.com'")])
            } else {
                template = text
            }
        }
        let generate = node["generate_passwords"].flatMap { reader.bool($0, "generate_passwords") } ?? true
        guard let email, let password else {
            if node["email"] == nil { reader.bag.error("backend '\(backend)' needs 'email' (an admin's)", at: node.location) }
            if node["password"] == nil { reader.bag.error("backend '\(backend)' needs 'password'", at: node.location) }
            return nil
        }
        return Settings(email: email, password: password, paths: paths, emailTemplate: template,
                        generatePasswords: generate)
    }

    public func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        guard let settings = backend.settings as? Settings else {
            throw RosterError(backend: backend.name, operation: "connect", message: "settings of another type")
        }
        let client = CloudClient(backend: backend.name, url: context.url, email: settings.email,
                                 password: settings.password, paths: settings.paths, mode: context.mode,
                                 logger: context.logger, retry: context.retry, tls: context.tls)
        return CloudSession(client: client, backend: backend.name, parallelism: context.parallelism)
    }

    /// A new user without a declared password gets a generated one; a new API key's token is new.
    public func generatesSecret(_ change: Change) -> Bool {
        if Self.isUnlock(change) { return change.value("password") == nil }
        guard change.operation == .create else { return false }
        return change.id.kind == Kind.apiKey
            || (change.id.kind == Kind.user && change.value("password") == nil && change.value("sign_in") != .string(SignIn.locked))
    }

    /// Admins are never changed or deleted; a new account needs a password unless one is generated.
    public func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] {
        guard change.id.kind == Kind.user else { return [] }
        let email = change.id.keyString
        if change.before?["is_admin"] == .bool(true), change.operation != .create {
            let verb = change.operation == .delete ? "delete" : "change \(change.changedAttributes.joined(separator: ", ")) of"
            var notes: [Diagnostic.Note] = [.init("admin users are pre-provisioned; roster reads them but never changes or deletes them")]
            if change.reason == .pruned { notes.append(.init("add '\(email)' to 'protect' of '\(backend.name)'")) }
            return [.error("the config would \(verb) admin user '\(email)' on '\(backend.name)'",
                           at: change.location ?? backend.location, notes: notes)]
        }
        if let password = change.value("password")?.secret, !GeneratedData.meetsPolicy(password.reveal()) {
            return [.error("the password of '\(email)' on '\(backend.name)' does not meet the platform's rule",
                           at: change.location,
                           notes: [.init("8 to 32 characters with a digit, a lower-case and an upper-case letter, and one of \(GeneratedData.symbols)")])]
        }
        let generate = (backend.settings as? Settings)?.generatePasswords ?? true
        if change.operation == .create, !generate, change.value("password") == nil {
            return [.error("user '\(email)' must be created on '\(backend.name)' but has no password",
                           at: change.location,
                           notes: [.init("set 'password' on the person, or drop 'generate_passwords: false'")])]
        }
        return []
    }
}
