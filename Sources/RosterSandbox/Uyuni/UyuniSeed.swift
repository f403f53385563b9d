/// The initial content of a Uyuni emulator, as written in a seed YAML file.
public struct UyuniSeed: Sendable, Hashable {
    public struct Org: Sendable, Hashable {
        public var id: Int = 1
        public var name: String = "Sandbox Org"
        public var createDefaultSystemGroup: Bool = false

        public init(id: Int = 1, name: String = "Sandbox Org", createDefaultSystemGroup: Bool = false) {
            self.id = id
            self.name = name
            self.createDefaultSystemGroup = createDefaultSystemGroup
        }
    }

    public struct User: Sendable, Hashable {
        public var login: String
        public var password: String
        public var firstName = ""
        public var lastName = ""
        public var email = ""
        public var roles: [String] = []
        public var enabled = true
        public var readOnly = false
        public var usePam = false
        /// Groups the user administers, by name.
        public var systemGroups: [String] = []
        public var defaultSystemGroups: [String] = []

        public init(
            login: String, password: String, firstName: String = "", lastName: String = "", email: String = "",
            roles: [String] = [], enabled: Bool = true, readOnly: Bool = false,
            systemGroups: [String] = [], defaultSystemGroups: [String] = []
        ) {
            self.login = login
            self.password = password
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.roles = roles
            self.enabled = enabled
            self.readOnly = readOnly
            self.systemGroups = systemGroups
            self.defaultSystemGroups = defaultSystemGroups
        }
    }

    public struct SystemGroup: Sendable, Hashable {
        public var name: String
        public var description: String?

        public init(name: String, description: String? = nil) {
            self.name = name
            self.description = description
        }
    }

    public var org = Org()
    public var passwordPolicy = UyuniState.PasswordPolicy()
    public var sessionLifetime = 3600
    public var users: [User] = []
    public var systemGroups: [SystemGroup] = []

    public init(
        org: Org = Org(), passwordPolicy: UyuniState.PasswordPolicy = .init(), sessionLifetime: Int = 3600,
        users: [User] = [], systemGroups: [SystemGroup] = []
    ) {
        self.org = org
        self.passwordPolicy = passwordPolicy
        self.sessionLifetime = sessionLifetime
        self.users = users
        self.systemGroups = systemGroups
    }

    /// One satellite and org admin `admin` / `sandbox-admin`, and a group `web`.
    public static let `default` = UyuniSeed(
        users: [User(login: "admin", password: "sandbox-admin", firstName: "Sandbox", lastName: "Admin",
                     email: "admin@example.com", roles: ["satellite_admin", "org_admin"])],
        systemGroups: [SystemGroup(name: "web", description: "Web servers")])
}

extension UyuniSeed {
    static func roleProblem(_ role: String) -> String? {
        UyuniRoles.all.contains(role) ? nil : "unknown role '\(role)'; known roles: \(UyuniRoles.all.joined(separator: ", "))"
    }

    /// The state the emulator starts from; users get ids from 1, groups from 1.
    public func makeState(now: Double) throws(SandboxError) -> UyuniState {
        guard passwordPolicy.minLength >= 1, passwordPolicy.minLength <= passwordPolicy.maxLength else {
            throw SandboxError("password_policy needs 1 <= min_length <= max_length")
        }
        guard sessionLifetime > 0 else { throw SandboxError("session_lifetime must be positive") }
        var state = UyuniState(
            org: .init(id: org.id, name: org.name, createDefaultSystemGroup: org.createDefaultSystemGroup),
            passwordPolicy: passwordPolicy, sessionLifetime: sessionLifetime, users: [], groups: [],
            nextUserId: 1, nextGroupId: 1)
        for group in systemGroups {
            guard state.group(named: group.name) == nil else { throw SandboxError("duplicate system group '\(group.name)'") }
            _ = state.addGroup(name: group.name, description: group.description)
        }
        // Duplicates by a set of their own: a lookup in the state would index it again after every user.
        var logins: Set<String> = []
        var made: [UyuniState.User] = []
        made.reserveCapacity(users.count)
        for seedUser in users {
            guard logins.insert(seedUser.login.uppercased()).inserted else {
                throw SandboxError("duplicate login '\(seedUser.login)' (logins are unique ignoring case)")
            }
            made.append(try makeUser(seedUser, state: state, now: now))
            state.nextUserId += 1
        }
        state.users = made
        return state
    }

    func makeUser(_ seedUser: User, state: UyuniState, now: Double) throws(SandboxError) -> UyuniState.User {
        for role in seedUser.roles {
            if let problem = Self.roleProblem(role) { throw SandboxError(problem) }
        }
        func ids(_ names: [String]) throws(SandboxError) -> [Int] {
            var result: [Int] = []
            for name in names {
                guard let group = state.group(named: name) else { throw SandboxError("unknown system group '\(name)'") }
                result.append(group.id)
            }
            return result
        }
        var user = UyuniState.User(
            id: state.nextUserId, login: seedUser.login, password: seedUser.password, firstName: seedUser.firstName,
            lastName: seedUser.lastName, email: seedUser.email, prefix: " ", orgId: org.id, enabled: seedUser.enabled,
            usePam: seedUser.usePam, readOnly: seedUser.readOnly, errataNotification: true, roles: [],
            assignedGroupIds: try ids(seedUser.systemGroups), defaultGroupIds: try ids(seedUser.defaultSystemGroups),
            created: now, lastLogin: nil)
        for role in seedUser.roles { user.grant(role) }
        return user
    }
}
