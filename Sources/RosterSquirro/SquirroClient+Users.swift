import RosterCore

/// Users of the tenant (paths and statuses of reference B.4).
extension SquirroClient {
    var tenantPath: String { "/v0/\(Self.segment(tenant))" }

    func listUsers() async throws -> [SquirroJSON] {
        try await call("GET", tenantPath + "/users", expect: [200], operation: "get_users")["users"]?.array ?? []
    }

    /// `GET /v1/{t}/users/{id}?include_projects=True|False`.
    func userData(_ id: String, includeProjects: Bool, object: String) async throws -> SquirroJSON {
        try await call("GET", "/v1/\(Self.segment(tenant))/users/\(Self.segment(id))",
                       query: [("include_projects", Self.flag(includeProjects))], expect: [200],
                       operation: "get_user_data", object: object)
    }

    func passwordPolicy() async throws -> SquirroJSON {
        try await call("GET", tenantPath + "/users/password_policy", expect: [200], operation: "get_users_password_policy")
    }

    /// `POST /v0/{t}/users`, JSON with each key only when set; 201 with the user.
    func addUser(email: String, password: Secret?, role: String?) async throws -> SquirroJSON {
        var body: [String: SquirroBody.JSONField] = ["email": .string(email)]
        if let password, !password.isEmpty { body["password"] = .string(password.reveal()) }
        if let role { body["role"] = .string(role) }
        return try await call("POST", "/v0/\(Self.segment(tenant))/users", body: .json(body), expect: [201],
                              operation: "add_user", object: email)
    }

    /// `PUT /v1/{t}/users/{id}` with a JSON object of the changed values.
    func updateUserData(_ id: String, _ changes: [String: SquirroBody.JSONField], object: String) async throws {
        try await call("PUT", "/v1/\(Self.segment(tenant))/users/\(Self.segment(id))", body: .json(changes),
                       expect: [200], operation: "update_user_data", object: object)
    }

    /// `GET /v0/{t}/users/{id}/grants`, with the client id and secret as the SDK sends them.
    func userGrants(_ id: String, object: String) async throws -> [SquirroJSON] {
        var query: [(String, String)] = []
        if let clientID = settings.clientID { query.append(("client_id", clientID)) }
        if let secret = settings.clientSecret { query.append(("client_secret", secret.reveal())) }
        return try await call("GET", tenantPath + "/users/\(Self.segment(id))/grants", query: query, expect: [200],
                              operation: "get_user_grants", object: object)["grants"]?.array ?? []
    }

    /// `DELETE /v0/{t}/users/{id}/sessions/{sid}` (`delete_session`, which `delete_grant` calls):
    /// the grant's refresh token is revoked.
    func deleteSession(_ id: String, session: String, object: String) async throws {
        try await call("DELETE", tenantPath + "/users/\(Self.segment(id))/sessions/\(Self.segment(session))",
                       expect: [204], operation: "delete_session", object: object)
    }

    func deleteUser(_ id: String, object: String) async throws {
        try await call("DELETE", tenantPath + "/users/\(Self.segment(id))", expect: [204], operation: "delete_user",
                       object: object)
    }

}

/// Groups (forms, with `members` as JSON text) and project members.
extension SquirroClient {
    /// A bare list of groups with their members.
    func listGroups() async throws -> [SquirroJSON] {
        try await call("GET", tenantPath + "/groups", expect: [200], operation: "get_groups").array ?? []
    }

    func group(_ id: String, includeProjects: Bool, object: String) async throws -> SquirroJSON {
        try await call("GET", tenantPath + "/groups/\(Self.segment(id))",
                       query: [("include_projects", Self.flag(includeProjects))], expect: [200], operation: "get_group",
                       object: object)
    }

    func createGroup(_ name: String) async throws -> SquirroJSON {
        try await call("POST", tenantPath + "/groups", body: .form([("name", name)]), expect: [201],
                       operation: "create_group", object: name)
    }

    /// `update_group` with `name` only: a rename, the members left as they are.
    func renameGroup(_ id: String, to name: String, object: String) async throws {
        try await call("PUT", tenantPath + "/groups/\(Self.segment(id))", body: .form([("name", name)]), expect: [200],
                       operation: "update_group", object: object)
    }

    func deleteGroup(_ id: String, object: String) async throws {
        try await call("DELETE", tenantPath + "/groups/\(Self.segment(id))", expect: [204], operation: "delete_group",
                       object: object)
    }

    /// `POST` on the group's own URL with form `user_id`; 200 with the user.
    func addGroupMember(_ groupID: String, userID: String, object: String) async throws {
        try await call("POST", tenantPath + "/groups/\(Self.segment(groupID))", body: .form([("user_id", userID)]),
                       expect: [200], operation: "add_group_member", object: object)
    }

    func deleteGroupMember(_ groupID: String, userID: String, tenant: String? = nil, object: String) async throws {
        let prefix = tenant.map { "/v0/\(Self.segment($0))" } ?? tenantPath
        try await call("DELETE", prefix + "/groups/\(Self.segment(groupID))/members/\(Self.segment(userID))",
                       expect: [204], operation: "delete_group_member", object: object)
    }

    func projectMembers(_ project: String) async throws -> [SquirroJSON] {
        try await call("GET", tenantPath + "/projects/\(Self.segment(project))/members", expect: [200],
                       operation: "get_project_members", object: project)["members"]?.array ?? []
    }

    /// Form `user_id` or `group_id`, and `role`. Success is 200.
    func addProjectMember(_ project: String, userID: String? = nil, groupID: String? = nil, role: String,
                          object: String) async throws {
        var form: [(String, String)] = []
        if let userID { form.append(("user_id", userID)) }
        if let groupID { form.append(("group_id", groupID)) }
        form.append(("role", role))
        try await call("POST", tenantPath + "/projects/\(Self.segment(project))/members", body: .form(form),
                       expect: [200], operation: "add_project_member", object: object)
    }

    func updateProjectMember(_ project: String, memberID: String, role: String, object: String) async throws {
        try await call("PUT", tenantPath + "/projects/\(Self.segment(project))/members/\(Self.segment(memberID))",
                       body: .form([("role", role)]), expect: [200], operation: "update_project_member", object: object)
    }

    func deleteProjectMember(_ project: String, memberID: String, object: String) async throws {
        try await call("DELETE", tenantPath + "/projects/\(Self.segment(project))/members/\(Self.segment(memberID))",
                       expect: [204], operation: "delete_project_member", object: object)
    }
}
