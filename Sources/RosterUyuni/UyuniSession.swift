import RosterCore
import XMLRPC

typealias Kind = UyuniProvider.Kind

/// A connection to one Uyuni server: reads its users and groups, and carries out changes.
struct UyuniSession: ProviderSession {
    let client: UyuniClient
    let backend: String
    let parallelism: Int
    /// The user and group listings, when started before the fetch.
    let listings = EarlyListing<(users: XMLRPCValue, groups: XMLRPCValue)>()

    /// Every user and every system group, both asked for at once.
    static func list(_ client: UyuniClient) async throws -> (users: XMLRPCValue, groups: XMLRPCValue) {
        async let users = client.call("user.listUsers", [])
        async let groups = client.call("systemgroup.listAllGroups", [])
        return try await (users, groups)
    }

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        let listed = try await listings.take { try await Self.list(client) }
        let users = listed.users.array ?? []
        var resources: [Resource] = []
        for group in listed.groups.array ?? [] {
            guard let fields = group.structValue, let name = fields["name"]?.string else { continue }
            var attributes: Attributes = [:]
            attributes["description"] = fields["description"]?.string.map(Value.string)
            resources.append(Resource(id(Kind.systemGroup, name), attributes))
        }
        var detailed: [String] = []
        for user in users {
            guard let fields = user.structValue, let login = fields["login"]?.string else { continue }
            if interest.wants(kind: Kind.user, key: [login]) {
                detailed.append(login)
            } else {
                resources.append(Resource(id(Kind.user, login), ["enabled": .bool(fields["enabled"]?.bool ?? true)]))
            }
        }
        // A user's group lists are read only when the plan compares them. Roles are always read:
        // the `last-admin` rail needs them for every user it may see deleted or demoted.
        // A user the config names absent: every group assignment is read, each to be removed first.
        let groups = [Kind.assignedGroup, Kind.defaultGroup].filter(interest.compares(kind:))
        let absent = Set((interest.absent[Kind.user] ?? []).compactMap { $0.first?.uppercased() })
        // Two users per connection slot, each user's reads one after the other: as many requests
        // in flight as two reads of `parallelism` users at once, without a task per read.
        resources += try await concurrentMap(detailed, limit: parallelism * 2) { login in
            try await fetchUser(login, groups: absent.contains(login.uppercased())
                ? [Kind.assignedGroup, Kind.defaultGroup] : groups)
        }.flatMap { $0 }
        return resources
    }

    /// A user, their roles and the group assignments of `groups` kinds: up to four reads, one after
    /// the other (users are read side by side; a task per read costs more CPU than it saves).
    private func fetchUser(_ login: String, groups: [String]) async throws -> [Resource] {
        let methods = ["user.getDetails", "user.listRoles"]
            + [(Kind.assignedGroup, "user.listAssignedSystemGroups"), (Kind.defaultGroup, "user.listDefaultSystemGroups")]
                .map { groups.contains($0.0) ? $0.1 : "" }
        var answers = [XMLRPCValue](repeating: .array([]), count: methods.count)
        for (i, method) in methods.enumerated() where !method.isEmpty {
            answers[i] = try await client.call(method, [.string(login)], object: login)
        }
        let (details, roles, assigned, defaults) = (answers[0], answers[1], answers[2], answers[3])
        let fields = details.structValue ?? [:]
        var attributes: Attributes = [:]
        for name in ["first_name", "last_name", "email"] {
            attributes[name] = fields[name]?.string.map(Value.string)
        }
        attributes["enabled"] = fields["enabled"]?.bool.map(Value.bool)
        attributes["use_pam"] = fields["use_pam"]?.bool.map(Value.bool)
        attributes["read_only"] = fields["read_only"]?.bool.map(Value.bool)
        attributes["errata_notification"] = fields["errata_notification"]?.bool.map(Value.bool)
        var resources = [Resource(id(Kind.user, login), attributes)]
        let roleNames = roles.array?.compactMap(\.string) ?? []
        for role in UyuniProvider.normalizeRoles(roleNames) {
            resources.append(Resource(id(Kind.role, login, role)))
        }
        for (kind, list) in [(Kind.assignedGroup, assigned), (Kind.defaultGroup, defaults)] {
            for group in list.array ?? [] {
                if let name = group.structValue?["name"]?.string { resources.append(Resource(id(kind, login, name))) }
            }
        }
        return resources
    }

    /// The role labels roster's login may grant (`user.listAssignableRoles`, one call per plan),
    /// for the plan-time check of declared roles.
    func facts() async throws -> [String: Value] {
        let roles = try await client.call("user.listAssignableRoles", []).array?.compactMap(\.string) ?? []
        return [UyuniProvider.assignableRolesFact: .list(roles.map(Value.string))]
    }

    private func id(_ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: kind, key: key)
    }

    func startListings() {
        listings.start { [client] in try await Self.list(client) }
    }

    func close() async {
        await listings.cancel()
        await client.close()
    }
}
