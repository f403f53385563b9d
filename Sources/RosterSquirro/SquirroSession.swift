import RosterCore

typealias Kind = SquirroProvider.Kind

/// A connection to one Squirro tenant: reads users, groups, memberships and workspaces, and
/// carries out changes. Opaque ids are looked up by email and group name in `directory`.
struct SquirroSession: ProviderSession {
    let client: SquirroClient
    let backend: String
    let tenant: String
    let parallelism: Int
    let directory = SquirroDirectory()
    /// The user, group and workspace listings, when started before the fetch.
    let listings = EarlyListing<Listings>()

    typealias Listings = (users: [SquirroJSON], groups: [SquirroJSON], workspaces: [SquirroJSON])

    /// The tenant's users and groups and the workspaces, asked for at once.
    static func list(_ client: SquirroClient) async throws -> Listings {
        async let users = client.listUsers()
        async let groups = client.listGroups()
        async let workspaces = client.workspaces()
        return try await (users, groups, workspaces)
    }

    /// Workspaces roster never manages: the tenant's own, and the cluster-wide `global` one.
    var unmanagedWorkspaces: Set<String> { [tenant, "global"] }

    /// Keys of a user object that are not custom data.
    static let standardKeys: Set<String> = ["id", "email", "full_name", "role", "role_permissions", "tenant", "groups",
                                            "projects", "permissions", "config"]

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        let listing = try await listings.take { try await Self.list(client) }
        let listed = await users(listing.users, interest)
        var resources = listed.resources
        resources += try await fetchGrants(of: listed.grantHolders)
        var projects = Set<String>()
        for group in listing.groups {
            guard let id = group["id"]?.string, let name = group["name"]?.string else { continue }
            await directory.remember(group: name, id: id)
            resources.append(Resource(self.id(Kind.group, name)))
            for member in group["members"]?.array ?? [] {
                if let email = member["email"]?.string?.lowercased() { resources.append(Resource(self.id(Kind.groupMember, email, name))) }
            }
            if interest.wants(kind: Kind.group, key: [name]) {
                projects.formUnion(Self.projectIDs(try await client.group(id, includeProjects: true, object: name)))
            }
        }
        resources += try await fetchWorkspaces(listing.workspaces)
        // Projects cannot be listed through the user API: read those the config names and those
        // the users and groups it names belong to.
        for (kind, index) in [(Kind.projectUser, 1), (Kind.projectGroup, 0)] {
            for key in interest.keys[kind] ?? [] { projects.insert(key[index]) }
        }
        let userProjects = try await concurrentMap(listed.projectReaders, limit: parallelism) { user in
            Self.projectIDs(try await client.userData(user.id, includeProjects: true, object: user.email))
        }
        projects.formUnion(userProjects.joined())
        resources += try await concurrentMap(projects.sorted(), limit: parallelism) { try await fetchMembers(of: $0) }.joined()
        return resources
    }

    /// Grants cost a call a user: they are read where a plan may revoke them (a user the config
    /// names when some person is disabled, or a user that may be deleted), and where a grant is
    /// read back after an unknown outcome; never for an import.
    static func readsGrants(_ interest: FetchInterest, key: [String], deletable: Bool) -> Bool {
        guard interest.kinds != nil else {
            return !interest.everything && interest.keys[Kind.grant] != nil && interest.wants(kind: Kind.user, key: key)
        }
        return deletable || (interest.compares(kind: Kind.grant) && interest.wants(kind: Kind.user, key: key))
    }

    typealias UserRef = (id: String, email: String)

    /// The listed users, each with its role in the tenant; those whose projects are to be read
    /// (one call each: the user API has no bulk form) because the plan compares project members or
    /// may delete the user (its memberships go first); and those whose grants are to be read.
    private func users(_ listing: [SquirroJSON], _ interest: FetchInterest) async
        -> (resources: [Resource], projectReaders: [UserRef], grantHolders: [UserRef]) {
        let projectsCompared = interest.compares(kind: Kind.projectUser) || interest.compares(kind: Kind.projectGroup)
        let named = interest.keys[Kind.user] ?? [], absent = interest.absent[Kind.user] ?? []
        var resources: [Resource] = [], projectReaders: [UserRef] = [], grantHolders: [UserRef] = []
        for user in listing {
            guard let id = user["id"]?.string, let email = user["email"]?.string?.lowercased() else { continue }
            await directory.remember(user: email, id: id)
            resources.append(Resource(self.id(Kind.user, email), Self.userAttributes(user)))
            // Listed in the tenant: the user holds a role there (what `disabled` removes, and what
            // the `last-admin` rail looks for).
            resources.append(Resource(self.id(Kind.tenantRole, email, tenant)))
            let key = [email]
            let deletable = absent.contains(key) || (interest.everything && !named.contains(key))
            if interest.wants(kind: Kind.user, key: key) && (projectsCompared || deletable) { projectReaders.append((id, email)) }
            if Self.readsGrants(interest, key: key, deletable: deletable) { grantHolders.append((id, email)) }
        }
        return (resources, projectReaders, grantHolders)
    }

    /// Each user's grants (sessions share their ids), one call a user.
    private func fetchGrants(of users: [UserRef]) async throws -> [Resource] {
        try await concurrentMap(users, limit: parallelism) { user in
            try await client.userGrants(user.id, object: user.email).compactMap { grant in
                grant["id"]?.string.map { Resource(self.id(Kind.grant, user.email, tenant, $0)) }
            }
        }.flatMap { $0 }
    }

    private func fetchWorkspaces(_ listing: [SquirroJSON]) async throws -> [Resource] {
        var resources: [Resource] = []
        var domains: [String] = []
        for workspace in listing {
            guard let domain = workspace["domain"]?.string, !unmanagedWorkspaces.contains(domain) else { continue }
            domains.append(domain)
            resources.append(Resource(id(Kind.workspace, domain), ["title": workspace["title"]?.string.map(Value.string) ?? .null]))
        }
        let members = try await concurrentMap(domains, limit: parallelism) { domain in
            (domain, try await client.workspaceUsers(domain))
        }
        for (domain, users) in members {
            for user in users {
                guard let email = user["email"]?.string?.lowercased() else { continue }
                if let userID = user["id"]?.string { await directory.remember(user: email, id: userID) }
                resources.append(Resource(id(Kind.workspaceUser, email, domain), ["role": Self.string(user["role"])]))
            }
        }
        return resources
    }

    /// A project's user and group members. A project the server does not know has none here;
    /// adding to it fails at apply with the server's 404.
    private func fetchMembers(of project: String) async throws -> [Resource] {
        let members: [SquirroJSON]
        do {
            members = try await client.projectMembers(project)
            await directory.remember(project: project, exists: true)
        } catch let error as RosterError where error.code == .http(404) {
            await directory.remember(project: project, exists: false)
            return []
        }
        var resources: [Resource] = []
        for member in members {
            let role: Attributes = ["role": Self.string(member["project_role"])]
            if member["member_type"]?.string == "group" {
                guard let memberID = member["member_id"]?.string else { continue }
                let known = await directory.groupName(id: memberID)
                let name = member["name"]?.string ?? known ?? memberID
                resources.append(Resource(id(Kind.projectGroup, project, name), role))
            } else if let email = member["email"]?.string?.lowercased() {
                resources.append(Resource(id(Kind.projectUser, email, project), role))
            }
        }
        return resources
    }

    /// The password policy, and which projects read by `fetch` (it runs first) the server knows
    /// and which it does not, for the plan-time check of project references.
    func facts() async throws -> [String: Value] {
        var facts: [String: Value] = [:]
        let projects = await directory.projects
        facts[SquirroProvider.knownProjectsFact] = .list(projects.known.sorted().map(Value.string))
        facts[SquirroProvider.unknownProjectsFact] = .list(projects.unknown.sorted().map(Value.string))
        for (key, value) in try await client.passwordPolicy().object ?? [:] {
            let name = SquirroPasswordPolicy.factPrefix + key
            switch value {
            case .int(let i): facts[name] = .int(i)
            case .bool(let b): facts[name] = .bool(b)
            case .string(let s): facts[name] = .string(s)
            default: continue
            }
        }
        return facts
    }

    static func userAttributes(_ user: SquirroJSON) -> Attributes {
        var attributes: Attributes = ["full_name": string(user["full_name"]), "role": string(user["role"])]
        for (key, value) in user.object ?? [:] where !standardKeys.contains(key) {
            switch value {
            case .string(let s): attributes[SquirroProvider.dataPrefix + key] = .string(s)
            case .int(let i): attributes[SquirroProvider.dataPrefix + key] = .int(i)
            case .bool(let b): attributes[SquirroProvider.dataPrefix + key] = .bool(b)
            default: continue
            }
        }
        return attributes
    }

    /// Project ids of a `projects` list: strings, or objects with `id` / `project_id` (the
    /// reference does not know the shape, so both are read).
    static func projectIDs(_ json: SquirroJSON) -> [String] {
        (json["projects"]?.array ?? []).compactMap { $0.string ?? $0["id"]?.string ?? $0["project_id"]?.string }
    }

    static func string(_ json: SquirroJSON?) -> Value { json?.string.map(Value.string) ?? .null }

    func id(_ kind: String, _ key: String...) -> ResourceID { ResourceID(backend: backend, kind: kind, key: key) }

    func startListings() {
        listings.start { [client] in try await Self.list(client) }
    }

    func close() async {
        await listings.cancel()
        await client.close()
    }
}

/// Ids of users (by email, ignoring case) and groups (by name) seen or created in this session.
actor SquirroDirectory {
    private var users: [String: String] = [:]
    private var groups: [String: String] = [:]

    func remember(user email: String, id: String) { users[email.lowercased()] = id }
    func remember(group name: String, id: String) { groups[name] = id }
    func forget(user email: String) { users[email.lowercased()] = nil }
    func forget(group name: String) { groups[name] = nil }
    func userID(_ email: String) -> String? { users[email.lowercased()] }
    func groupID(_ name: String) -> String? { groups[name] }
    func groupName(id: String) -> String? { groups.first { $0.value == id }?.key }

    private var knownProjects: Set<String> = [], unknownProjects: Set<String> = []
    func remember(project: String, exists: Bool) {
        if exists { knownProjects.insert(project) } else { unknownProjects.insert(project) }
    }
    var projects: (known: Set<String>, unknown: Set<String>) { (knownProjects, unknownProjects) }
}
