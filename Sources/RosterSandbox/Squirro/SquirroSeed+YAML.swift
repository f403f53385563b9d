import RosterYAML

extension SquirroSeed {
    public static func load(path: String) throws(SandboxError) -> SquirroSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.load(path: path) } catch { throw SandboxError.yaml(error) }
        return try SquirroSeedReader.read(document.root)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> SquirroSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, file: file) } catch { throw SandboxError.yaml(error) }
        return try SquirroSeedReader.read(document.root)
    }
}

/// Reads a Squirro seed mapping, reporting problems at their `file:line:col`.
enum SquirroSeedReader {
    typealias R = UyuniSeedReader

    static func read(_ root: YAMLNode) throws(SandboxError) -> SquirroSeed {
        let top = try R.mapping(root, keys: ["tenant", "password_policy", "access_token_lifetime", "workspaces", "users",
                                             "groups", "projects", "faults"], in: "a Squirro seed")
        var seed = SquirroSeed()
        if let node = top["tenant"] { seed.tenant = try R.string(node) }
        if let node = top["access_token_lifetime"] { seed.accessTokenLifetime = try R.int(node) }
        if let node = top["password_policy"] { seed.passwordPolicy = try policy(node) }
        if let node = top["workspaces"] { seed.workspaces = try stringMap(node, in: "workspaces") }
        if let node = top["users"] {
            for item in try R.sequence(node) { seed.users.append(try user(item)) }
        }
        if let node = top["groups"] {
            for item in try R.sequence(node) {
                let fields = try R.mapping(item, keys: ["name", "members"], in: "a group")
                var group = SquirroSeed.Group(name: try R.string(try R.required(fields, "name", in: item)))
                if let members = fields["members"] { group.members = try R.sequence(members).map { n throws(SandboxError) in try R.string(n) } }
                seed.groups.append(group)
            }
        }
        if let node = top["projects"] {
            for item in try R.sequence(node) {
                let fields = try R.mapping(item, keys: ["id", "title", "members"], in: "a project")
                let id = try R.string(try R.required(fields, "id", in: item))
                var project = SquirroSeed.Project(id: id, title: try fields["title"].map { n throws(SandboxError) in try R.string(n) } ?? id)
                if let members = fields["members"] { project.members = try stringMap(members, in: "project members") }
                seed.projects.append(project)
            }
        }
        return seed
    }

    static func policy(_ node: YAMLNode) throws(SandboxError) -> SquirroState.PasswordPolicy {
        let fields = try R.mapping(node, keys: ["min_length", "require_uppercase", "require_lowercase", "require_digit",
                                                "require_special"], in: "password_policy")
        var policy = SquirroState.PasswordPolicy()
        if let n = fields["min_length"] { policy.minLength = try R.int(n) }
        if let n = fields["require_uppercase"] { policy.requireUppercase = try R.bool(n) }
        if let n = fields["require_lowercase"] { policy.requireLowercase = try R.bool(n) }
        if let n = fields["require_digit"] { policy.requireDigit = try R.bool(n) }
        if let n = fields["require_special"] { policy.requireSpecial = try R.bool(n) }
        return policy
    }

    static func user(_ node: YAMLNode) throws(SandboxError) -> SquirroSeed.User {
        let fields = try R.mapping(node, keys: ["email", "full_name", "role", "password", "refresh_token", "workspaces", "data"],
                                   in: "a user")
        var user = SquirroSeed.User(email: try R.string(try R.required(fields, "email", in: node)))
        if let n = fields["full_name"] { user.fullName = try R.string(n) }
        if let n = fields["role"] {
            user.role = try R.string(n)
            guard SquirroState.roles.contains(user.role) else {
                throw SandboxError("unknown role '\(user.role)'; known roles: \(SquirroState.roles.joined(separator: ", "))", at: n)
            }
        }
        if let n = fields["password"] { user.password = try R.string(n) }
        if let n = fields["refresh_token"] { user.refreshToken = try R.string(n) }
        if let n = fields["workspaces"] { user.workspaces = try stringMap(n, in: "workspaces") }
        if let n = fields["data"] { user.data = try stringMap(n, in: "data") }
        return user
    }

    static func stringMap(_ node: YAMLNode, in context: String) throws(SandboxError) -> [String: String] {
        guard node.kind == .mapping else { throw SandboxError("expected a mapping for \(context)", at: node) }
        var result: [String: String] = [:]
        for entry in node.entries { result[try R.string(entry.key)] = try R.string(entry.value) }
        return result
    }
}
