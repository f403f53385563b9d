/// Everything the Uyuni emulator persists: one organisation, its users and system groups.
/// Sessions are not part of it (they live only as long as the emulator).
public struct UyuniState: Codable, Sendable, Hashable {
    public struct Org: Codable, Sendable, Hashable {
        public var id: Int
        public var name: String
        public var createDefaultSystemGroup: Bool
    }

    /// The pre-2024 policy: only a minimum and a maximum length.
    public struct PasswordPolicy: Codable, Sendable, Hashable {
        public var minLength: Int
        public var maxLength: Int

        public init(minLength: Int = 5, maxLength: Int = 32) {
            self.minLength = minLength
            self.maxLength = maxLength
        }
    }

    public struct User: Codable, Sendable, Hashable {
        public var id: Int
        public var login: String
        public var password: String
        public var firstName: String
        public var lastName: String
        public var email: String
        public var prefix: String
        public var orgId: Int
        public var enabled: Bool
        public var usePam: Bool
        public var readOnly: Bool
        public var errataNotification: Bool
        /// Explicitly granted role labels (implied ones are derived), in canonical order.
        public var roles: [String]
        public var assignedGroupIds: [Int]
        public var defaultGroupIds: [Int]
        /// Unix seconds.
        public var created: Double
        public var lastLogin: Double?
    }

    public struct SystemGroup: Codable, Sendable, Hashable {
        public var id: Int
        public var name: String
        public var description: String?
        public var orgId: Int
        public var systemCount: Int
    }

    public var org: Org
    public var passwordPolicy: PasswordPolicy
    /// Seconds a session key stays valid after its last use.
    public var sessionLifetime: Int
    public var users: [User] { didSet { logins = PositionIndex() } }
    public var groups: [SystemGroup]
    public var nextUserId: Int
    public var nextGroupId: Int
    /// Users by upper-cased login (logins are unique ignoring case).
    var logins = PositionIndex()

    enum CodingKeys: String, CodingKey {
        case org, passwordPolicy, sessionLifetime, users, groups, nextUserId, nextGroupId
    }

    public func user(login: String) -> User? {
        userIndex(login: login).map { users[$0] }
    }

    public func group(named name: String) -> SystemGroup? {
        groups.first { $0.name == name }
    }

    func userIndex(id: Int) -> Int? {
        users.position(ofID: id, \.id)
    }

    func userIndex(login: String, orgId: Int? = nil) -> Int? {
        let wanted = login.uppercased()
        guard let i = logins.position(of: wanted, keys: { users.map { $0.login.uppercased() } },
                                      search: { users.firstIndex { equalIgnoringCase($0.login, login) } })
        else { return nil }
        if orgId == nil || users[i].orgId == orgId { return i }
        return users.firstIndex { equalIgnoringCase($0.login, login) && $0.orgId == orgId }
    }

    /// Adds a user; a built index of logins is extended, not dropped, when no copy of the state shares it.
    mutating func appendUser(_ user: User) {
        var index = logins
        users.append(user)
        if isKnownUniquelyReferenced(&index) {
            index.insert(user.login.uppercased(), at: users.count - 1)
            logins = index
        }
    }

    /// A state that holds nothing, for the moment the emulator's own state is out being changed.
    static let placeholder = UyuniState(org: Org(id: 0, name: "", createDefaultSystemGroup: false),
                                        passwordPolicy: PasswordPolicy(), sessionLifetime: 0, users: [], groups: [],
                                        nextUserId: 1, nextGroupId: 1)

    mutating func addGroup(name: String, description: String?) -> SystemGroup {
        let group = SystemGroup(id: nextGroupId, name: name, description: description, orgId: org.id, systemCount: 0)
        nextGroupId += 1
        groups.append(group)
        return group
    }
}

extension UyuniState {
    /// The user `auth.login` lets in with these credentials (their index), or its fault: unknown
    /// login or wrong password, then a disabled account. The handler and the conformance probe both
    /// ask this. It changes nothing; the handler records the last login.
    func signIn(login: String, password: String) throws(UyuniFault) -> Int {
        guard let index = userIndex(login: login), users[index].password == password, !users[index].usePam else {
            throw .handler(2950, "Either the password or username is incorrect.")
        }
        guard users[index].enabled else { throw .handler(2950, "Your account has been deactivated.") }
        return index
    }
}

extension UyuniState.User {
    func has(role: String) -> Bool {
        roles.contains(role) || (roles.contains(UyuniRoles.orgAdmin) && UyuniRoles.impliedByOrgAdmin.contains(role))
    }

    /// Held roles including those org_admin implies, in canonical order.
    var effectiveRoles: [String] {
        UyuniRoles.all.filter { has(role: $0) }
    }

    /// Enabled and not read-only: what "active" means in the last-admin rules.
    var hasRegularAccess: Bool { enabled && !readOnly }

    mutating func grant(_ role: String) {
        guard !roles.contains(role) else { return }
        roles = UyuniRoles.all.filter { $0 == role || roles.contains($0) }
    }

    mutating func revoke(_ role: String) {
        roles.removeAll { $0 == role }
    }
}
