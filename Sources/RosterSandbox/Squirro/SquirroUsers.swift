/// Users of a tenant: list, add, read, update custom data, delete, change password, policy.
extension SquirroWorld {
    /// Keys of a user object the server owns; update_user_data leaves them alone. Whether the real
    /// server refuses them or ignores them is not known; ignoring is the safer guess.
    static let ownedKeys: Set<String> = ["id", "email", "tenant", "role", "role_permissions", "groups", "projects"]

    func userJSON(_ user: SquirroState.User, tenant: String) -> SquirroJSON {
        let role = state.role(of: user.id, in: tenant) ?? "user"
        var object = user.data
        object["id"] = .string(user.id)
        object["email"] = .string(user.email)
        object["full_name"] = .string(user.fullName)
        object["role"] = .string(role)
        object["role_permissions"] = [.string(role)]
        object["tenant"] = .string(tenant)
        return .object(object)
    }

    /// A member of the tenant, or the 404 the server answers.
    func member(_ t: String, _ id: String) -> Result<SquirroState.User, EmulatorResponse> {
        if let missing = tenantMissing(t) { return .failure(missing) }
        guard let user = state.user(id: id), state.role(of: id, in: t) != nil else {
            return .failure(.squirroError(404, "User \(id) not found"))
        }
        return .success(user)
    }

    func listUsers(_ t: String, _ call: SquirroCall) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        let members = state.users.filter { state.role(of: $0.id, in: t) != nil }
        return .squirro(["users": .array(members.map { userJSON($0, tenant: t) })])
    }

    func passwordPolicy(_ t: String) -> EmulatorResponse {
        tenantMissing(t) ?? .squirro(state.passwordPolicy.json)
    }

    mutating func addUser(_ t: String, _ call: SquirroCall) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        guard let body = call.json?.object else { return .squirroError(400, "Invalid JSON body") }
        guard let email = body["email"]?.string, Self.isEmail(email) else { return .squirroError(400, "email is required") }
        let role = body["role"]?.string ?? "user"
        guard SquirroState.roles.contains(role) else {
            return .squirroError(400, "Invalid role '\(role)'; must be one of: \(SquirroState.roles.joined(separator: ", "))")
        }
        let password = body["password"]?.string
        if let password, let problem = state.passwordPolicy.violation(password) { return .squirroError(400, problem) }
        var user: SquirroState.User
        if let existing = state.user(email: email) {
            if state.role(of: existing.id, in: t) != nil { return .squirroError(409, "User with this email already exists") }
            user = existing
        } else {
            user = SquirroState.User(id: Self.newID(), email: email, fullName: Self.localPart(email), password: password)
            state.users.append(user)
        }
        state.workspaces[state.workspaceIndex(t)!].members[user.id] = role
        user = state.user(id: user.id)!
        return .squirro(userJSON(user, tenant: t), status: 201)
    }

    /// The user with its groups in this tenant (delete_workspace_user reads them) and, when
    /// asked, its projects: `[{"id", "title", "role"}]` (the real shape is not documented).
    func getUser(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        let user: SquirroState.User
        switch member(t, id) {
        case .success(let found): user = found
        case .failure(let response): return response
        }
        guard case .object(var object) = userJSON(user, tenant: t) else { return .squirroError(500, "internal") }
        object["groups"] = .array(state.groups.filter { $0.tenant == t && $0.memberIds.contains(id) }
            .map { ["id": .string($0.id), "name": .string($0.name)] })
        if call.flag("include_projects") {
            object["projects"] = .array(state.projects.filter { $0.tenant == t }.compactMap { project in
                project.members.first { $0.memberId == id }.map {
                    ["id": .string(project.id), "title": .string(project.title), "role": .string($0.role)]
                }
            })
        }
        return .squirro(.object(object))
    }

    /// v1 takes a JSON object of any keys; other versions a form of flat values.
    mutating func updateUser(_ version: String, _ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        var changes: [String: SquirroJSON]
        if version == "v1" {
            guard let object = call.json?.object else { return .squirroError(400, "Invalid JSON body") }
            changes = object
        } else {
            changes = call.form.mapValues(SquirroJSON.string)
        }
        let index = state.userIndex(id)!
        // A new address (an assumption: the reference says the call takes any key; the address
        // stays unique per system, as `add_user` keeps it).
        if let email = changes["email"] {
            guard let text = email.string, Self.isEmail(text) else { return .squirroError(400, "email is not valid") }
            if let other = state.user(email: text), other.id != id {
                return .squirroError(409, "User with this email already exists")
            }
            state.users[index].email = text
        }
        for (key, value) in changes where !Self.ownedKeys.contains(key) {
            if key == "full_name" {
                guard let name = value.string else { return .squirroError(400, "full_name must be a string") }
                state.users[index].fullName = name
            } else if key == "password" {
                return .squirroError(400, "Use the password endpoint to change a password")
            } else {
                state.users[index].data[key] = value
            }
        }
        return .squirro(userJSON(state.users[index], tenant: t))
    }

    /// Deletes the user from the system. The last admin of the tenant stays.
    mutating func deleteUser(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        let admins = state.workspace(t)!.members.filter { $0.value == "admin" }.map(\.key)
        if admins == [id] { return .squirroError(409, "Cannot delete the last admin of tenant \(t)") }
        state.removeUser(id)
        return .squirroNoContent
    }

    /// The SDK documents `change_user_password(user_id, current_password, new_password, ...)` with
    /// the user's current password: it is checked whoever asks, an admin too. A user who has no
    /// password yet (created without one) sets a first one.
    mutating func changePassword(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        guard let body = call.json?.object, let new = body["new_password"]?.string else {
            return .squirroError(400, "new_password is required")
        }
        guard body["new_password_confirm"]?.string == new else { return .squirroError(400, "Passwords do not match") }
        let index = state.userIndex(id)!
        guard state.users[index].password == nil || body["current_password"]?.string == state.users[index].password else {
            return .squirroError(400, "Current password is incorrect")
        }
        if let problem = state.passwordPolicy.violation(new) { return .squirroError(400, problem) }
        state.users[index].password = new
        return .squirro([:])
    }
}
