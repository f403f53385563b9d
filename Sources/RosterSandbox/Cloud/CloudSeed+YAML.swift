import RosterYAML

extension CloudSeed {
    public static func load(path: String) throws(SandboxError) -> CloudSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.load(path: path)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try CloudSeedReader.read(document.root)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> CloudSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.parse(text, file: file)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try CloudSeedReader.read(document.root)
    }
}

/// Reads the seed mapping, reporting every problem at its `file:line:col` (with the node helpers
/// the Uyuni seed reader defines).
enum CloudSeedReader {
    typealias Node = UyuniSeedReader

    static func read(_ root: YAMLNode) throws(SandboxError) -> CloudSeed {
        let top = try Node.mapping(root, keys: ["login_token_lifetime", "paths", "platforms", "users", "faults"], in: "a cloud seed")
        var seed = CloudSeed()
        if let node = top["login_token_lifetime"] {
            seed.loginTokenLifetime = try Node.int(node)
            guard seed.loginTokenLifetime > 0 else { throw SandboxError("login_token_lifetime must be positive", at: node) }
        }
        if let node = top["paths"] { seed.routes = try routes(node) }
        if let node = top["platforms"] {
            for item in try Node.sequence(node) {
                let fields = try Node.mapping(item, keys: ["id", "name"], in: "a platform")
                let id = try Node.string(try Node.required(fields, "id", in: item))
                seed.platforms.append(.init(id: id, name: try fields["name"].map { n throws(SandboxError) in try Node.string(n) } ?? id))
            }
        }
        if let node = top["users"] {
            // Emails seen so far, in a set: a search of the seed's users per user made reading quadratic.
            let items = try Node.sequence(node)
            var emails: Set<String> = []
            emails.reserveCapacity(items.count)
            seed.users.reserveCapacity(seed.users.count + items.count)
            let platforms = Set(seed.platforms.map(\.id))
            for item in items { seed.users.append(try user(item, emails: &emails, platforms: platforms)) }
        }
        return seed
    }

    static let userKeys = ["email", "password", "first_name", "last_name", "platform_ids", "is_admin", "priority",
                           "company_id", "api_keys", "job_tokens"]

    static func user(_ node: YAMLNode, emails: inout Set<String>, platforms: Set<String>) throws(SandboxError) -> CloudSeed.User {
        let fields = try Node.mapping(node, keys: userKeys, in: "a user")
        let emailNode = try Node.required(fields, "email", in: node)
        let email = try Node.string(emailNode)
        guard emails.insert(email.lowercased()).inserted else {
            throw SandboxError("duplicate email '\(email)' (emails are unique ignoring case)", at: emailNode)
        }
        var user = CloudSeed.User(email: email, password: try Node.string(try Node.required(fields, "password", in: node)))
        if let value = fields["first_name"] { user.firstName = try Node.string(value) }
        if let value = fields["last_name"] { user.lastName = try Node.string(value) }
        if let value = fields["is_admin"] { user.isAdmin = try Node.bool(value) }
        if let value = fields["priority"] { user.priority = try Node.int(value) }
        if let value = fields["company_id"], !value.isNull { user.companyID = try Node.int(value) }
        if let value = fields["platform_ids"] {
            for item in try Node.sequence(value) {
                let id = try Node.string(item)
                guard platforms.isEmpty || platforms.contains(id) else {
                    throw SandboxError("unknown platform '\(id)'; declare it under platforms", at: item)
                }
                user.platformIDs.append(id)
            }
        }
        for (field, isJobToken) in [("api_keys", false), ("job_tokens", true)] {
            guard let value = fields[field] else { continue }
            for item in try Node.sequence(value) {
                let keyFields = try Node.mapping(item, keys: ["label", "priority"], in: isJobToken ? "a job token" : "an API key")
                var key = CloudSeed.APIKey(label: try Node.string(try Node.required(keyFields, "label", in: item)),
                                           isJobToken: isJobToken)
                if let priority = keyFields["priority"] { key.priority = try Node.int(priority) }
                guard key.priority < user.priority else {
                    throw SandboxError("Can't assign priority higher than user priority", at: item)
                }
                user.apiKeys.append(key)
            }
        }
        return user
    }

    /// `paths:` with the keys of roster's cloud backend: `login`, `list`, `create`, `read`,
    /// `update`, `delete`, `platforms` (each `[METHOD ]/path`) and `api_keys` (a base path).
    static func routes(_ node: YAMLNode) throws(SandboxError) -> CloudRoutes {
        let fields = try Node.mapping(node, keys: ["login", "list", "create", "read", "update", "delete", "api_keys",
                                                    "platforms"],
                                      in: "paths")
        var routes = CloudRoutes()
        func route(_ key: String, _ fallback: CloudRoutes.Route) throws(SandboxError) -> CloudRoutes.Route {
            guard let value = fields[key] else { return fallback }
            let parts = try Node.string(value).split(separator: " ").map(String.init)
            guard (1...2).contains(parts.count), let path = parts.last, path.hasPrefix("/") else {
                throw SandboxError("expected '/path' or 'METHOD /path'", at: value)
            }
            return CloudRoutes.Route(parts.count == 2 ? parts[0].uppercased() : fallback.method, path)
        }
        routes.login = try route("login", routes.login)
        routes.list = try route("list", routes.list)
        routes.create = try route("create", routes.create)
        routes.read = try route("read", routes.read)
        routes.update = try route("update", routes.update)
        routes.delete = try route("delete", routes.delete)
        if fields["platforms"] != nil { routes.platforms = try route("platforms", CloudRoutes.defaultPlatforms) }
        if let value = fields["api_keys"] { routes.tokens = try Node.string(value) }
        return routes
    }
}
