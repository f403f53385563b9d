/// `/v2/workspaces`: workspaces and their users. A workspace is a tenant on the wire.
extension SquirroWorld {
    func workspaceJSON(_ workspace: SquirroState.Workspace, projects: Bool) -> SquirroJSON {
        var object: [String: SquirroJSON] = ["domain": .string(workspace.domain), "title": .string(workspace.title)]
        if projects {
            object["projects"] = .array(state.projects.filter { $0.tenant == workspace.domain }
                .map { ["id": .string($0.id), "title": .string($0.title)] })
        }
        return .object(object)
    }

    /// The workspaces the caller belongs to (with `admin_only=True`, those it administers).
    /// Answered as `{"workspaces": [...]}`, which is what `resolve_workspace` indexes.
    func listWorkspaces(_ call: SquirroCall) -> EmulatorResponse {
        let caller = call.caller?.userId ?? ""
        let adminOnly = call.flag("admin_only")
        let visible = state.workspaces.filter { workspace in
            guard let role = workspace.members[caller] else { return false }
            return !adminOnly || role == "admin"
        }.sorted { $0.domain < $1.domain }
        return .squirro(["workspaces": .array(visible.map { workspaceJSON($0, projects: call.flag("include_projects")) })])
    }

    /// The domain is a slug of the title: lower case, runs of other characters made one `-`.
    static func slug(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    mutating func createWorkspace(_ call: SquirroCall) -> EmulatorResponse {
        guard let title = call.json?["title"]?.string, !Self.slug(title).isEmpty else {
            return .squirroError(400, "title is required")
        }
        let domain = Self.slug(title)
        if state.workspace(domain) != nil { return .squirroError(409, "Workspace \(domain) already exists") }
        var workspace = SquirroState.Workspace(domain: domain, title: title)
        if let caller = call.caller { workspace.members[caller.userId] = "admin" }
        state.workspaces.append(workspace)
        return .squirro(workspaceJSON(workspace, projects: false), status: 201)
    }

    mutating func updateWorkspace(_ domain: String, _ call: SquirroCall) -> EmulatorResponse {
        guard let index = state.workspaceIndex(domain) else { return .squirroError(404, "Workspace \(domain) not found") }
        guard let title = call.json?["title"]?.string, !title.isEmpty else { return .squirroError(400, "title is required") }
        state.workspaces[index].title = title
        return .squirro(workspaceJSON(state.workspaces[index], projects: false))
    }

    /// Deletes the workspace with its groups and projects. The default tenant stays.
    mutating func deleteWorkspace(_ domain: String) -> EmulatorResponse {
        guard state.workspace(domain) != nil else { return .squirroError(404, "Workspace \(domain) not found") }
        if domain == state.defaultTenant { return .squirroError(409, "Cannot delete the default workspace") }
        state.workspaces.removeAll { $0.domain == domain }
        state.groups.removeAll { $0.tenant == domain }
        state.projects.removeAll { $0.tenant == domain }
        return .squirroNoContent
    }

    /// A bare list `[{"id", "email", "role", "full_name"}]`.
    func workspaceUsers(_ domain: String) -> EmulatorResponse {
        guard let workspace = state.workspace(domain) else { return .squirroError(404, "Workspace \(domain) not found") }
        let users = state.users.filter { workspace.members[$0.id] != nil }
        return .squirro(.array(users.map {
            ["id": .string($0.id), "email": .string($0.email), "role": .string(workspace.members[$0.id]!),
             "full_name": .string($0.fullName)]
        }))
    }

    /// `{"emails": [...], "role"}` adds users (making unknown ones); `{"user_id", "role"}` sets a
    /// member's role. Both answer a list of `{"user_id", "workspace"}`.
    mutating func postWorkspaceUsers(_ domain: String, _ call: SquirroCall) -> EmulatorResponse {
        guard let index = state.workspaceIndex(domain) else { return .squirroError(404, "Workspace \(domain) not found") }
        guard let body = call.json?.object else { return .squirroError(400, "Invalid JSON body") }
        let role = body["role"]?.string ?? ""
        guard SquirroState.roles.contains(role) else {
            return .squirroError(400, "Invalid role '\(role)'; must be one of: \(SquirroState.roles.joined(separator: ", "))")
        }
        var ids: [String] = []
        if let emails = body["emails"]?.array {
            for email in emails.compactMap(\.string) {
                guard Self.isEmail(email) else { return .squirroError(400, "Invalid email '\(email)'") }
                if let user = state.user(email: email) {
                    ids.append(user.id)
                } else {
                    let user = SquirroState.User(id: Self.newID(), email: email, fullName: Self.localPart(email))
                    state.users.append(user)
                    ids.append(user.id)
                }
            }
        } else if let id = body["user_id"]?.string {
            guard state.user(id: id) != nil else { return .squirroError(404, "User \(id) not found") }
            ids = [id]
        } else {
            return .squirroError(400, "emails or user_id is required")
        }
        for id in ids { state.workspaces[index].members[id] = role }
        return .squirro(.array(ids.map { ["user_id": .string($0), "workspace": .string(domain)] }))
    }

    /// Refused while the user is still in a group of the workspace: the SDK leaves the groups
    /// first (GET /v0/{domain}/users/{id}, then each group member DELETE).
    mutating func deleteWorkspaceUser(_ domain: String, _ id: String) -> EmulatorResponse {
        guard let index = state.workspaceIndex(domain) else { return .squirroError(404, "Workspace \(domain) not found") }
        guard state.workspaces[index].members[id] != nil else { return .squirroError(404, "User \(id) not found") }
        if state.groups.contains(where: { $0.tenant == domain && $0.memberIds.contains(id) }) {
            return .squirroError(409, "User is still a member of groups in workspace \(domain)")
        }
        let admins = state.workspaces[index].members.filter { $0.value == "admin" }.map(\.key)
        if admins == [id] { return .squirroError(409, "Cannot remove the last admin of workspace \(domain)") }
        state.workspaces[index].members[id] = nil
        for p in state.projects.indices where state.projects[p].tenant == domain {
            state.projects[p].members.removeAll { $0.memberId == id }
        }
        return .squirroNoContent
    }
}
