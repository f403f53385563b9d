/// Everything the Squirro emulator persists. Users are cluster-wide; a workspace (which is the
/// same thing as a tenant on the wire) lists its members with their role there. Groups and
/// projects belong to one workspace. Access tokens are not persisted.
public struct SquirroState: Codable, Sendable, Hashable {
    public struct PasswordPolicy: Codable, Sendable, Hashable {
        public var minLength = 8
        public var requireUppercase = true
        public var requireLowercase = true
        public var requireDigit = true
        public var requireSpecial = false

        public init() {}

        /// The first rule `password` breaks, in the server's words; nil when it passes.
        public func violation(_ password: String) -> String? {
            if password.count < minLength { return "Password must be at least \(minLength) characters long" }
            if requireUppercase && !password.contains(where: \.isUppercase) {
                return "Password must contain an uppercase letter"
            }
            if requireLowercase && !password.contains(where: \.isLowercase) {
                return "Password must contain a lowercase letter"
            }
            if requireDigit && !password.contains(where: \.isNumber) { return "Password must contain a digit" }
            if requireSpecial && !password.contains(where: { !$0.isLetter && !$0.isNumber }) {
                return "Password must contain a special character"
            }
            return nil
        }

        var json: SquirroJSON {
            ["min_length": .int(minLength), "require_uppercase": .bool(requireUppercase),
             "require_lowercase": .bool(requireLowercase), "require_digit": .bool(requireDigit),
             "require_special": .bool(requireSpecial)]
        }
    }

    public struct User: Codable, Sendable, Hashable {
        public var id: String
        public var email: String
        public var fullName: String
        public var password: String?
        /// Custom values set through update_user_data, echoed in every user object.
        public var data: [String: SquirroJSON] = [:]
    }

    public struct Workspace: Codable, Sendable, Hashable {
        public var domain: String
        public var title: String
        /// User id to role (admin, user, demo, reader).
        public var members: [String: String] = [:]
    }

    public struct Group: Codable, Sendable, Hashable {
        public var id: String
        public var tenant: String
        public var name: String
        public var memberIds: [String] = []
    }

    public struct ProjectMember: Codable, Sendable, Hashable {
        public var memberId: String
        /// `user` or `group`.
        public var type: String
        public var role: String
    }

    public struct Project: Codable, Sendable, Hashable {
        public var id: String
        public var tenant: String
        public var title: String
        public var members: [ProjectMember] = []
    }

    /// A refresh token and what it was issued for. Grant and session ids share one space.
    public struct Grant: Codable, Sendable, Hashable {
        public var id: String
        public var userId: String
        public var type: String
        public var refreshToken: String
        public var createdAt: String
        public var projectPermissions: [String]?
        public var forClientId: String?
    }

    public struct Authentication: Codable, Sendable, Hashable {
        public var userId: String
        public var tenant: String
        public var service: String
        public var fields: [String: SquirroJSON]
    }

    public var defaultTenant: String
    public var passwordPolicy = PasswordPolicy()
    /// Seconds an access token is valid (Squirro: about ten minutes).
    public var accessTokenLifetime = 600
    public var users: [User] = [] { didSet { userIDs = PositionIndex(); userEmails = PositionIndex() } }
    public var workspaces: [Workspace] = []
    public var groups: [Group] = []
    public var projects: [Project] = []
    public var grants: [Grant] = []
    /// Refresh tokens whose grant was deleted: the token endpoint answers 410 for them.
    public var revokedTokens: [String] = []
    public var authentications: [Authentication] = []

    /// Users by id and by lower-cased email.
    var userIDs = PositionIndex()
    var userEmails = PositionIndex()

    enum CodingKeys: String, CodingKey {
        case defaultTenant, passwordPolicy, accessTokenLifetime, users, workspaces, groups, projects, grants,
             revokedTokens, authentications
    }

    public init(defaultTenant: String) { self.defaultTenant = defaultTenant }

    public func user(id: String) -> User? { userIndex(id).map { users[$0] } }
    public func user(email: String) -> User? {
        let wanted = email.lowercased()
        return userEmails.position(of: wanted, keys: { users.map { $0.email.lowercased() } },
                                   search: { users.firstIndex { $0.email.lowercased() == wanted } }).map { users[$0] }
    }
    public func workspace(_ domain: String) -> Workspace? { workspaces.first { $0.domain == domain } }
    public func group(named name: String, tenant: String) -> Group? {
        groups.first { $0.tenant == tenant && $0.name == name }
    }
    public func role(of userId: String, in domain: String) -> String? { workspace(domain)?.members[userId] }

    func userIndex(_ id: String) -> Int? {
        userIDs.position(of: id, keys: { users.map(\.id) }, search: { users.firstIndex { $0.id == id } })
    }
    func workspaceIndex(_ domain: String) -> Int? { workspaces.firstIndex { $0.domain == domain } }
    func groupIndex(_ id: String, tenant: String) -> Int? { groups.firstIndex { $0.id == id && $0.tenant == tenant } }
    func projectIndex(_ id: String, tenant: String) -> Int? { projects.firstIndex { $0.id == id && $0.tenant == tenant } }

    /// Removes a user everywhere: memberships, groups, projects, grants, authentications.
    mutating func removeUser(_ id: String) {
        users.removeAll { $0.id == id }
        for i in workspaces.indices { workspaces[i].members[id] = nil }
        for i in groups.indices { groups[i].memberIds.removeAll { $0 == id } }
        for i in projects.indices { projects[i].members.removeAll { $0.memberId == id } }
        revokedTokens += grants.filter { $0.userId == id }.map(\.refreshToken)
        grants.removeAll { $0.userId == id }
        authentications.removeAll { $0.userId == id }
    }

    static let roles = ["admin", "user", "demo", "reader"]
    static let projectRoles = ["reader", "member", "admin"]
}
