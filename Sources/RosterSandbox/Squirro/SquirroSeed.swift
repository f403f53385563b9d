import Foundation

/// The initial content of a Squirro emulator, as written in a seed YAML file.
public struct SquirroSeed: Sendable, Hashable {
    public struct User: Sendable, Hashable {
        public var email: String
        public var fullName: String?
        /// Role in the seed's tenant.
        public var role = "user"
        public var password: String?
        /// A refresh token (a user grant) that the token endpoint accepts for this user.
        public var refreshToken: String?
        /// Roles in other workspaces, by domain.
        public var workspaces: [String: String] = [:]
        public var data: [String: String] = [:]

        public init(email: String, fullName: String? = nil, role: String = "user", password: String? = nil,
                    refreshToken: String? = nil, workspaces: [String: String] = [:]) {
            self.email = email
            self.fullName = fullName
            self.role = role
            self.password = password
            self.refreshToken = refreshToken
            self.workspaces = workspaces
        }
    }

    public struct Group: Sendable, Hashable {
        public var name: String
        public var members: [String] = []
        public init(name: String, members: [String] = []) {
            self.name = name
            self.members = members
        }
    }

    public struct Project: Sendable, Hashable {
        public var id: String
        public var title: String
        /// `email` or `group:NAME` to project role.
        public var members: [String: String] = [:]
        public init(id: String, title: String, members: [String: String] = [:]) {
            self.id = id
            self.title = title
            self.members = members
        }
    }

    public var tenant = "sandbox"
    public var passwordPolicy = SquirroState.PasswordPolicy()
    public var accessTokenLifetime = 600
    /// Workspaces besides the tenant's own: domain to title.
    public var workspaces: [String: String] = ["global": "global"]
    public var users: [User] = []
    public var groups: [Group] = []
    public var projects: [Project] = []

    public init(tenant: String = "sandbox", users: [User] = [], groups: [Group] = [], projects: [Project] = []) {
        self.tenant = tenant
        self.users = users
        self.groups = groups
        self.projects = projects
    }

    /// Tenant `sandbox` with one admin whose refresh token is `sandbox-token`, two projects, and
    /// an empty `global` workspace (so that signup works once).
    public static let `default` = SquirroSeed(
        users: [User(email: "admin@example.com", fullName: "Sandbox Admin", role: "admin", password: "Sandbox-admin1",
                     refreshToken: "sandbox-token")],
        projects: [Project(id: "research", title: "Research"), Project(id: "support", title: "Support")])

    public func makeState() throws(SandboxError) -> SquirroState {
        var state = SquirroState(defaultTenant: tenant)
        state.passwordPolicy = passwordPolicy
        state.accessTokenLifetime = accessTokenLifetime
        state.workspaces.append(.init(domain: tenant, title: tenant))
        for (domain, title) in workspaces.sorted(by: { $0.key < $1.key }) where domain != tenant {
            state.workspaces.append(.init(domain: domain, title: title))
        }
        // Users are checked for duplicates by a set, and added all at once: a lookup in the state
        // after every addition would index it again each time.
        var emails: Set<String> = []
        var made: [SquirroState.User] = []
        emails.reserveCapacity(users.count)
        made.reserveCapacity(users.count)
        if let tenantIndex = state.workspaceIndex(tenant) { state.workspaces[tenantIndex].members.reserveCapacity(users.count) }
        for seedUser in users {
            guard emails.insert(seedUser.email.lowercased()).inserted else { throw SandboxError("duplicate user '\(seedUser.email)'") }
            made.append(try add(seedUser, to: &state))
        }
        state.users += made
        for group in groups {
            guard state.group(named: group.name, tenant: tenant) == nil else { throw SandboxError("duplicate group '\(group.name)'") }
            let ids = try group.members.map { email throws(SandboxError) in try userId(email, state) }
            state.groups.append(.init(id: SquirroWorld.newID(), tenant: tenant, name: group.name, memberIds: ids))
        }
        for project in projects {
            var members: [SquirroState.ProjectMember] = []
            for (member, role) in project.members.sorted(by: { $0.key < $1.key }) {
                guard SquirroState.projectRoles.contains(role) else { throw SandboxError("unknown project role '\(role)'") }
                if member.hasPrefix("group:") {
                    guard let group = state.group(named: String(member.dropFirst(6)), tenant: tenant) else {
                        throw SandboxError("unknown group '\(member.dropFirst(6))'")
                    }
                    members.append(.init(memberId: group.id, type: "group", role: role))
                } else {
                    members.append(.init(memberId: try userId(member, state), type: "user", role: role))
                }
            }
            state.projects.append(.init(id: project.id, tenant: tenant, title: project.title, members: members))
        }
        return state
    }

    private func add(_ seedUser: User, to state: inout SquirroState) throws(SandboxError) -> SquirroState.User {
        guard SquirroState.roles.contains(seedUser.role) else { throw SandboxError("unknown role '\(seedUser.role)'") }
        let user = SquirroState.User(id: SquirroWorld.newID(), email: seedUser.email,
                                     fullName: seedUser.fullName ?? SquirroWorld.localPart(seedUser.email),
                                     password: seedUser.password, data: seedUser.data.mapValues(SquirroJSON.string))
        state.workspaces[state.workspaceIndex(tenant)!].members[user.id] = seedUser.role
        for (domain, role) in seedUser.workspaces {
            guard let index = state.workspaceIndex(domain) else { throw SandboxError("unknown workspace '\(domain)'") }
            state.workspaces[index].members[user.id] = role
        }
        if let token = seedUser.refreshToken {
            state.grants.append(.init(id: SquirroWorld.newID(), userId: user.id, type: "user", refreshToken: token,
                                      createdAt: "2025-01-01 00:00:00"))
        }
        return user
    }

    private func userId(_ email: String, _ state: SquirroState) throws(SandboxError) -> String {
        guard let user = state.user(email: email) else { throw SandboxError("unknown user '\(email)'") }
        return user.id
    }
}

/// The Squirro emulator's state file.
let SquirroStateFile = StateFile<SquirroState>(format: "roster-sandbox-squirro/1", vendor: "Squirro")
