import RosterYAML

extension UyuniSeed {
    public static func load(path: String) throws(SandboxError) -> UyuniSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.load(path: path)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try UyuniSeedReader.read(document.root)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> UyuniSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.parse(text, file: file)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try UyuniSeedReader.read(document.root)
    }
}

/// Reads the seed mapping, reporting every problem at its `file:line:col`.
struct UyuniSeedReader {
    static func read(_ root: YAMLNode) throws(SandboxError) -> UyuniSeed {
        let top = try mapping(root, keys: ["org", "password_policy", "session_lifetime", "users", "system_groups", "faults"], in: "a Uyuni seed")
        var seed = UyuniSeed()
        if let node = top["org"] {
            let org = try mapping(node, keys: ["id", "name", "create_default_system_group"], in: "org")
            if let id = org["id"] { seed.org.id = try int(id) }
            if let name = org["name"] { seed.org.name = try string(name) }
            if let flag = org["create_default_system_group"] { seed.org.createDefaultSystemGroup = try bool(flag) }
        }
        if let node = top["password_policy"] {
            let policy = try mapping(node, keys: ["min_length", "max_length"], in: "password_policy")
            if let min = policy["min_length"] { seed.passwordPolicy.minLength = try int(min) }
            if let max = policy["max_length"] { seed.passwordPolicy.maxLength = try int(max) }
            guard seed.passwordPolicy.minLength >= 1, seed.passwordPolicy.minLength <= seed.passwordPolicy.maxLength else {
                throw SandboxError("password_policy needs 1 <= min_length <= max_length", at: node)
            }
        }
        if let node = top["session_lifetime"] {
            seed.sessionLifetime = try int(node)
            guard seed.sessionLifetime > 0 else { throw SandboxError("session_lifetime must be positive", at: node) }
        }
        // Names seen so far, in sets: a search of the seed's lists per user made reading quadratic.
        var names = Names()
        if let node = top["system_groups"] {
            for item in try sequence(node) { seed.systemGroups.append(try systemGroup(item, names: &names)) }
        }
        if let node = top["users"] {
            let items = try sequence(node)
            seed.users.reserveCapacity(items.count)
            for item in items { seed.users.append(try user(item, names: &names)) }
        }
        return seed
    }

    /// The group names and the upper-cased logins read so far.
    struct Names {
        var groups: Set<String> = []
        var logins: Set<String> = []
    }

    static func systemGroup(_ node: YAMLNode, names: inout Names) throws(SandboxError) -> UyuniSeed.SystemGroup {
        let fields = try mapping(node, keys: ["name", "description"], in: "a system group")
        let nameNode = try required(fields, "name", in: node)
        let name = try string(nameNode)
        guard names.groups.insert(name).inserted else {
            throw SandboxError("duplicate system group '\(name)'", at: nameNode)
        }
        let description = try fields["description"].flatMap { node throws(SandboxError) in node.isNull ? nil : try string(node) }
        return UyuniSeed.SystemGroup(name: name, description: description)
    }

    static let userKeys = [
        "login", "password", "first_name", "last_name", "email", "roles", "enabled", "read_only", "use_pam",
        "system_groups", "default_system_groups",
    ]

    static func user(_ node: YAMLNode, names: inout Names) throws(SandboxError) -> UyuniSeed.User {
        let fields = try mapping(node, keys: userKeys, in: "a user")
        let loginNode = try required(fields, "login", in: node)
        let login = try string(loginNode)
        guard names.logins.insert(login.uppercased()).inserted else {
            throw SandboxError("duplicate login '\(login)' (logins are unique ignoring case)", at: loginNode)
        }
        var user = UyuniSeed.User(login: login, password: try string(try required(fields, "password", in: node)))
        if let value = fields["first_name"] { user.firstName = try string(value) }
        if let value = fields["last_name"] { user.lastName = try string(value) }
        if let value = fields["email"] { user.email = try string(value) }
        if let value = fields["enabled"] { user.enabled = try bool(value) }
        if let value = fields["read_only"] { user.readOnly = try bool(value) }
        if let value = fields["use_pam"] { user.usePam = try bool(value) }
        if let value = fields["roles"] {
            for item in try sequence(value) {
                let role = try string(item)
                if let problem = UyuniSeed.roleProblem(role) { throw SandboxError(problem, at: item) }
                user.roles.append(role)
            }
        }
        user.systemGroups = try groupNames(fields["system_groups"], known: names.groups)
        user.defaultSystemGroups = try groupNames(fields["default_system_groups"], known: names.groups)
        return user
    }

    static func groupNames(_ node: YAMLNode?, known: Set<String>) throws(SandboxError) -> [String] {
        guard let node else { return [] }
        var names: [String] = []
        for item in try sequence(node) {
            let name = try string(item)
            guard known.contains(name) else {
                throw SandboxError("unknown system group '\(name)'; declare it under system_groups", at: item)
            }
            names.append(name)
        }
        return names
    }
}

/// Typed access to nodes, failing at the node's place.
extension UyuniSeedReader {
    static func mapping(_ node: YAMLNode, keys: [String], in context: String) throws(SandboxError) -> [String: YAMLNode] {
        guard node.kind == .mapping else { throw SandboxError("expected a mapping for \(context), found a \(node.kind)", at: node) }
        var result: [String: YAMLNode] = [:]
        for entry in node.entries {
            guard let key = entry.key.scalar, keys.contains(key) else {
                let name = entry.key.scalar ?? "(\(entry.key.kind))"
                throw SandboxError("unknown key '\(name)' in \(context); expected one of: \(keys.joined(separator: ", "))", at: entry.key)
            }
            result[key] = entry.value
        }
        return result
    }

    static func required(_ fields: [String: YAMLNode], _ key: String, in node: YAMLNode) throws(SandboxError) -> YAMLNode {
        guard let value = fields[key] else { throw SandboxError("missing key '\(key)'", at: node) }
        return value
    }

    static func sequence(_ node: YAMLNode) throws(SandboxError) -> [YAMLNode] {
        guard node.kind == .sequence else { throw SandboxError("expected a sequence, found a \(node.kind)", at: node) }
        return Array(node.items)
    }

    static func string(_ node: YAMLNode) throws(SandboxError) -> String {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar else {
            throw SandboxError("expected a string, found \(node.isNull ? "null" : "a \(node.kind)")", at: node)
        }
        return text
    }

    static func int(_ node: YAMLNode) throws(SandboxError) -> Int {
        guard let value = node.int else { throw SandboxError("expected an integer", at: node) }
        return value
    }

    static func bool(_ node: YAMLNode) throws(SandboxError) -> Bool {
        guard let value = node.bool else { throw SandboxError("expected true or false", at: node) }
        return value
    }
}

extension SandboxError {
    static func yaml(_ failure: YAMLLoadFailure) -> SandboxError {
        guard let first = failure.errors.first else { return SandboxError("\(failure)") }
        return SandboxError(first.message, location: first.location.description)
    }

    init(_ message: String, at node: YAMLNode) {
        self.init(message, location: node.location.description)
    }
}
