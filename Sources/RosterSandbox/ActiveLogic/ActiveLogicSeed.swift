import Foundation
import RosterYAML

/// The users an ActiveLogic sandbox starts with. `admin` is always user 1 (the reference does not
/// say which id the built-in admin has; 1 is the likeliest and the module relies on it).
public struct ActiveLogicSeed: Sendable {
    struct User: Sendable, Encodable {
        var id: Int
        var name: String
        var password: String
        var readbm = 0, writebm = 0, lviewbm = 0, timeout = 0
        var hosts: [String] = []
        var keys: [String] = []
    }

    static let all = Int(Int64.max)
    var users: [User]

    static let `default` = ActiveLogicSeed(users: [
        User(id: 1, name: "admin", password: "sandbox-admin", readbm: all, writebm: all, lviewbm: all),
    ])

    /// The module's state file: `{"version": 1, "next_id": N, "users": [...]}`.
    public func stateJSON() -> Data {
        struct State: Encodable {
            var version = 1
            var next_id: Int
            var users: [User]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let state = State(next_id: (users.map(\.id).max() ?? 0) + 1, users: users)
        return (try? encoder.encode(state)) ?? Data()
    }

    /// A seed file: `users: {NAME: {password, readbm, writebm, lviewbm, timeout, hosts, keys}}`,
    /// masks as integers or `all`. Users get ids in file order after `admin` (1).
    static func load(path: String) throws(SandboxError) -> ActiveLogicSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.load(path: path) } catch { throw SandboxError.yaml(error) }
        return try read(document.root)
    }

    /// A seed from YAML text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(SandboxError) -> ActiveLogicSeed {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, file: file) } catch { throw SandboxError.yaml(error) }
        return try read(document.root)
    }

    static func read(_ root: YAMLNode) throws(SandboxError) -> ActiveLogicSeed {
        let top = try UyuniSeedReader.mapping(root, keys: ["users", "faults"], in: "an ActiveLogic seed")
        var seed = ActiveLogicSeed.default
        guard let users = top["users"] else { return seed }
        guard users.kind == .mapping else { throw SandboxError("expected a mapping of users", at: users) }
        // Users by name, and the next id: a user named again (admin) is changed in place, a new one
        // takes the next id, without a search of the users read so far.
        var positions = Dictionary(seed.users.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var nextID = (seed.users.map(\.id).max() ?? 0) + 1
        seed.users.reserveCapacity(seed.users.count + users.entries.count)
        for entry in users.entries {
            let name = try UyuniSeedReader.string(entry.key)
            let fields = try UyuniSeedReader.mapping(entry.value, keys: ["password", "readbm", "writebm", "lviewbm",
                                                                        "timeout", "hosts", "keys"], in: "user '\(name)'")
            var user: User
            if let position = positions[name] {
                user = seed.users[position]
            } else {
                user = User(id: nextID, name: name, password: "")
                nextID += 1
            }
            try read(fields, into: &user)
            if let position = positions[name] {
                seed.users[position] = user
            } else {
                positions[name] = seed.users.count
                seed.users.append(user)
            }
        }
        seed.users.sort { $0.id < $1.id }
        return seed
    }

    /// A user's fields over what it has (a new user's defaults, or `admin`'s).
    private static func read(_ fields: [String: YAMLNode], into user: inout User) throws(SandboxError) {
        if let node = fields["password"] { user.password = try UyuniSeedReader.string(node) }
        if let node = fields["readbm"] { user.readbm = try mask(node) }
        if let node = fields["writebm"] { user.writebm = try mask(node) }
        if let node = fields["lviewbm"] { user.lviewbm = try mask(node) }
        if let node = fields["timeout"] { user.timeout = try UyuniSeedReader.int(node) }
        if let node = fields["hosts"] { user.hosts = try UyuniSeedReader.sequence(node).map(UyuniSeedReader.string) }
        if let node = fields["keys"] { user.keys = try UyuniSeedReader.sequence(node).map(UyuniSeedReader.string) }
    }

    private static func mask(_ node: YAMLNode) throws(SandboxError) -> Int {
        if node.scalar == "all" { return all }
        return try UyuniSeedReader.int(node)
    }
}
