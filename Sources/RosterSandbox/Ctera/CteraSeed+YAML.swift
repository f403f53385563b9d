import RosterYAML

extension CteraSeed {
    public static func load(path: String) throws(SandboxError) -> CteraSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.load(path: path) } catch { throw SandboxError.yaml(error) }
        return try CteraSeedReader.read(document.root)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> CteraSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, file: file) } catch { throw SandboxError.yaml(error) }
        return try CteraSeedReader.read(document.root)
    }
}

/// Reads a CTERA seed, reporting every problem at its `file:line:col`.
enum CteraSeedReader {
    typealias R = UyuniSeedReader
    static let userKeys = ["name", "email", "first_name", "last_name", "role", "password", "company", "comment"]

    static func read(_ root: YAMLNode) throws(SandboxError) -> CteraSeed {
        let top = try R.mapping(root, keys: ["version", "task_outcome", "global", "tenants", "faults"], in: "a CTERA seed")
        var seed = CteraSeed()
        if let node = top["version"] { seed.version = try R.string(node) }
        if let node = top["task_outcome"] { seed.taskOutcome = try R.string(node) }
        if let node = top["global"] { seed.global = try portal(node) }
        if let node = top["tenants"] {
            guard node.kind == .mapping else { throw SandboxError("expected a mapping of tenants", at: node) }
            for entry in node.entries { seed.tenants.append((try R.string(entry.key), try portal(entry.value))) }
        }
        return seed
    }

    static func portal(_ node: YAMLNode) throws(SandboxError) -> CteraSeed.Portal {
        let fields = try R.mapping(node, keys: ["users", "domains"], in: "a portal")
        var portal = CteraSeed.Portal()
        if let users = fields["users"] { portal.users = try list(users) }
        if let domains = fields["domains"] {
            guard domains.kind == .mapping else { throw SandboxError("expected a mapping of domains", at: domains) }
            for entry in domains.entries { portal.domains.append((try R.string(entry.key), try list(entry.value))) }
        }
        return portal
    }

    static func list(_ node: YAMLNode) throws(SandboxError) -> [CteraSeed.User] {
        var users: [CteraSeed.User] = []
        for item in try R.sequence(node) {
            let fields = try R.mapping(item, keys: userKeys, in: "a user")
            func text(_ key: String) throws(SandboxError) -> String? { try fields[key].map { n throws(SandboxError) in try R.string(n) } }
            guard let name = try text("name") else { throw SandboxError("missing key 'name'", at: item) }
            var user = CteraSeed.User(name: name, email: try text("email") ?? "", firstName: try text("first_name") ?? "",
                                      lastName: try text("last_name") ?? "", role: try text("role") ?? "EndUser",
                                      password: try text("password") ?? "")
            user.company = try text("company")
            user.comment = try text("comment")
            if !CteraState.roles.contains(user.role), let roleNode = fields["role"] {
                throw SandboxError("unknown role '\(user.role)'; known: \(CteraState.roles.joined(separator: ", "))", at: roleNode)
            }
            users.append(user)
        }
        return users
    }
}
