import RosterCore

/// `/v2/workspaces`: no tenant in the path; a workspace's domain is a tenant.
extension SquirroClient {
    func workspaces() async throws -> [SquirroJSON] {
        try await call("GET", "/v2/workspaces", query: [("include_projects", "False"), ("admin_only", "False")],
                       expect: [200], operation: "get_workspaces")["workspaces"]?.array ?? []
    }

    func createWorkspace(title: String) async throws -> SquirroJSON {
        try await call("POST", "/v2/workspaces", body: .json(["title": .string(title)]), expect: [201],
                       operation: "create_workspace", object: title)
    }

    func updateWorkspace(_ domain: String, title: String) async throws {
        try await call("PUT", "/v2/workspaces/\(Self.segment(domain))", body: .json(["title": .string(title)]),
                       expect: [200], operation: "update_workspace", object: domain)
    }

    func deleteWorkspace(_ domain: String) async throws {
        try await call("DELETE", "/v2/workspaces/\(Self.segment(domain))", expect: [204], operation: "delete_workspace",
                       object: domain)
    }

    /// A bare list of `{"id", "email", "role", "full_name"}`.
    func workspaceUsers(_ domain: String) async throws -> [SquirroJSON] {
        try await call("GET", "/v2/workspaces/\(Self.segment(domain))/users", expect: [200],
                       operation: "get_workspace_users", object: domain).array ?? []
    }

    func addWorkspaceUsers(_ domain: String, emails: [String], role: String, object: String) async throws {
        try await call("POST", "/v2/workspaces/\(Self.segment(domain))/users",
                       body: .json(["emails": .strings(emails), "role": .string(role)]), expect: [200, 201],
                       operation: "add_workspace_users", object: object)
    }

    func setWorkspaceUserRole(_ domain: String, userID: String, role: String, object: String) async throws {
        try await call("POST", "/v2/workspaces/\(Self.segment(domain))/users",
                       body: .json(["user_id": .string(userID), "role": .string(role)]), expect: [200, 201],
                       operation: "set_workspace_user_role", object: object)
    }

    /// As the SDK does it: leave the workspace's groups first, then the workspace.
    func deleteWorkspaceUser(_ domain: String, userID: String, object: String) async throws {
        let user = try await call("GET", "/v0/\(Self.segment(domain))/users/\(Self.segment(userID))", expect: [200],
                                  operation: "delete_workspace_user (read groups)", object: object)
        for group in user["groups"]?.array ?? [] {
            guard let id = group["id"]?.string else { continue }
            try await deleteGroupMember(id, userID: userID, tenant: domain, object: object)
        }
        try await call("DELETE", "/v2/workspaces/\(Self.segment(domain))/users/\(Self.segment(userID))", expect: [204],
                       operation: "delete_workspace_user", object: object)
    }
}
