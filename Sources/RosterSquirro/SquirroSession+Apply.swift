import RosterCore

extension SquirroSession {
    func apply(_ change: Change) async throws -> ApplyResult {
        let key = change.id.key
        let role = change.value("role")?.string
        switch (change.id.kind, change.operation) {
        case (Kind.user, .create): try await createUser(key[0], change)
        case (Kind.user, .update): try await updateUser(key[0], change)
        case (Kind.user, .delete):
            try await client.deleteUser(try await userID(key[0]), object: key[0])
            await directory.forget(user: key[0])
        case (Kind.group, .create):
            let group = try await client.createGroup(key[0])
            if let id = group["id"]?.string { await directory.remember(group: key[0], id: id) }
        case (Kind.group, .update):
            // Groups have no attributes of their own: an update is a rename from `previous_names`.
            guard let old = change.before?["name"]?.string, old != key[0] else { break }
            let id = try await groupID(old)
            try await client.renameGroup(id, to: key[0], object: old)
            await directory.forget(group: old)
            await directory.remember(group: key[0], id: id)
        case (Kind.group, .delete):
            try await client.deleteGroup(try await groupID(key[0]), object: key[0])
            await directory.forget(group: key[0])
        case (Kind.groupMember, .create):
            try await client.addGroupMember(try await groupID(key[1]), userID: try await userID(key[0]), object: key[0])
        case (Kind.groupMember, .delete):
            try await client.deleteGroupMember(try await groupID(key[1]), userID: try await userID(key[0]), object: key[0])
        case (Kind.projectUser, .create):
            try await client.addProjectMember(key[1], userID: try await userID(key[0]), role: role ?? "reader", object: key[0])
        case (Kind.projectUser, .update):
            try await client.updateProjectMember(key[1], memberID: try await userID(key[0]), role: role ?? "reader", object: key[0])
        case (Kind.projectUser, .delete):
            try await client.deleteProjectMember(key[1], memberID: try await userID(key[0]), object: key[0])
        case (Kind.projectGroup, .create):
            try await client.addProjectMember(key[0], groupID: try await groupID(key[1]), role: role ?? "reader", object: key[1])
        case (Kind.projectGroup, .update):
            try await client.updateProjectMember(key[0], memberID: try await groupID(key[1]), role: role ?? "reader", object: key[1])
        case (Kind.projectGroup, .delete):
            try await client.deleteProjectMember(key[0], memberID: try await groupID(key[1]), object: key[1])
        case (Kind.workspace, .create): try await createWorkspace(key[0], title: change.value("title")?.string ?? key[0])
        case (Kind.workspace, .update):
            try await client.updateWorkspace(key[0], title: change.value("title")?.string ?? key[0])
        case (Kind.workspace, .delete): try await client.deleteWorkspace(key[0])
        case (Kind.workspaceUser, .create):
            try await client.addWorkspaceUsers(key[1], emails: [key[0]], role: role ?? "user", object: key[0])
        case (Kind.workspaceUser, .update):
            try await client.setWorkspaceUserRole(key[1], userID: try await userID(key[0]), role: role ?? "user", object: key[0])
        case (Kind.grant, .delete):
            try await client.deleteSession(try await userID(key[0]), session: key[2], object: key[0])
        case (Kind.tenantRole, .delete):
            // The user leaves the tenant's groups, then the tenant: the account stays in the system.
            try await client.deleteWorkspaceUser(key[1], userID: try await userID(key[0]), object: key[0])
        case (Kind.workspaceUser, .delete):
            try await client.deleteWorkspaceUser(key[1], userID: try await userID(key[0]), object: key[0])
        default:
            throw RosterError(backend: backend, operation: "\(change.operation.rawValue) \(change.id.kind)",
                              object: change.id.keyString, message: "not supported by the Squirro user API")
        }
        return ApplyResult()
    }

    /// `add_user` (email, password, role), then full name and custom data in one `update_user_data`.
    /// A user the system holds already (one that `disabled` took out of the tenant) is refused
    /// with 409: it is added back by address (`add_workspace_users`), with its id and password.
    private func createUser(_ email: String, _ change: Change) async throws {
        let id: String
        do {
            let user = try await client.addUser(email: email, password: change.value("password")?.secret,
                                                role: change.value("role")?.string)
            guard let made = user["id"]?.string else {
                throw RosterError(backend: backend, operation: "add_user", object: email, message: "the answer has no user id")
            }
            id = made
        } catch let error as RosterError where error.code == .http(409) {
            try await client.addWorkspaceUsers(tenant, emails: [email], role: change.value("role")?.string ?? "user",
                                               object: email)
            id = try await userID(email)
        }
        await directory.remember(user: email, id: id)
        let changes = Self.userDataChanges(change.after ?? [:])
        if !changes.isEmpty { try await client.updateUserData(id, changes, object: email) }
    }

    /// The role is the user's role in the tenant's own workspace (`set_workspace_user_role`);
    /// the full name and custom data go through `update_user_data`; a password through
    /// `change_user_password`.
    private func updateUser(_ email: String, _ change: Change) async throws {
        // A rename from a previous address: the user is found under the old one, and its address
        // is changed through `update_user_data` (an assumption: the reference documents no other
        // way, and says that call takes any key), its id and memberships kept.
        let previous = change.before?["email"]?.string.flatMap { $0 == email ? nil : $0 }
        let id = try await userID(previous ?? email)
        if let previous {
            try await client.updateUserData(id, ["email": .string(email)], object: previous)
            await directory.forget(user: previous)
            await directory.remember(user: email, id: id)
        }
        if let role = change.value("role")?.string {
            try await client.setWorkspaceUserRole(tenant, userID: id, role: role, object: email)
        }
        let changes = Self.userDataChanges(change.after ?? [:])
        if !changes.isEmpty { try await client.updateUserData(id, changes, object: email) }
        // A password is set only by `add_user`: `change_user_password` needs the user's current one.
        if change.value("password") != nil {
            throw RosterError(backend: backend, operation: "change_user_password", object: email,
                              message: "Squirro changes a password only with the user's current one, which roster does not keep")
        }
    }

    static func userDataChanges(_ attributes: Attributes) -> [String: SquirroBody.JSONField] {
        var changes: [String: SquirroBody.JSONField] = [:]
        for entry in attributes {
            let name: String
            if entry.name == "full_name" { name = "full_name" }
            else if entry.name.hasPrefix(SquirroProvider.dataPrefix) { name = String(entry.name.dropFirst(SquirroProvider.dataPrefix.count)) }
            else { continue }
            switch entry.value {
            case .string(let s): changes[name] = .string(s)
            case .int(let i): changes[name] = .int(i)
            case .bool(let b): changes[name] = .bool(b)
            default: continue
            }
        }
        return changes
    }

    /// The server makes the domain from the title; a different one than planned is an error.
    private func createWorkspace(_ domain: String, title: String) async throws {
        let created = try await client.createWorkspace(title: title)
        if let made = created["domain"]?.string, made != domain {
            throw RosterError(backend: backend, operation: "create_workspace", object: domain,
                              message: "the server made the workspace '\(made)' from the title '\(title)'")
        }
    }

    func userID(_ email: String) async throws -> String {
        if let id = await directory.userID(email) { return id }
        for user in try await client.listUsers() {
            if let id = user["id"]?.string, let known = user["email"]?.string { await directory.remember(user: known, id: id) }
        }
        guard let id = await directory.userID(email) else {
            throw RosterError(backend: backend, operation: "find user", object: email, message: "no such user in tenant '\(tenant)'")
        }
        return id
    }

    func groupID(_ name: String) async throws -> String {
        if let id = await directory.groupID(name) { return id }
        for group in try await client.listGroups() {
            if let id = group["id"]?.string, let known = group["name"]?.string { await directory.remember(group: known, id: id) }
        }
        guard let id = await directory.groupID(name) else {
            throw RosterError(backend: backend, operation: "find group", object: name, message: "no such group in tenant '\(tenant)'")
        }
        return id
    }
}
