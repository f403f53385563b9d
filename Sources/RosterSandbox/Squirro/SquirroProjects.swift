/// Project members (user API) and projects themselves (topic API: list and create).
extension SquirroWorld {
    static func permissions(_ role: String) -> SquirroJSON {
        switch role {
        case "admin": ["*"]
        case "member": ["items.*", "projects.read.*", "projects.write.*"]
        default: ["items.read.*", "projects.read.*"]
        }
    }

    func memberJSON(_ member: SquirroState.ProjectMember, project: SquirroState.Project) -> SquirroJSON {
        var object: [String: SquirroJSON] = [
            "member_id": .string(member.memberId), "member_type": .string(member.type),
            "project_role": .string(member.role), "project_id": .string(project.id),
            "permissions": Self.permissions(member.role),
        ]
        if member.type == "user", let user = state.user(id: member.memberId) {
            object["email"] = .string(user.email)
            object["full_name"] = .string(user.fullName)
            object["server_role"] = .string(state.role(of: user.id, in: project.tenant) ?? "user")
        } else if let group = state.groups.first(where: { $0.id == member.memberId }) {
            object["name"] = .string(group.name)
        }
        return .object(object)
    }

    func project(_ t: String, _ id: String) -> Result<Int, EmulatorResponse> {
        if let missing = tenantMissing(t) { return .failure(missing) }
        guard let index = state.projectIndex(id, tenant: t) else {
            return .failure(.squirroError(404, "Project \(id) not found"))
        }
        return .success(index)
    }

    func projectMembers(_ t: String, _ id: String) -> EmulatorResponse {
        switch project(t, id) {
        case .success(let index):
            let project = state.projects[index]
            return .squirro(["members": .array(project.members.map { memberJSON($0, project: project) })])
        case .failure(let response): return response
        }
    }

    /// Form `user_id` or `group_id` (not both) and `role`. Success is 200, not 201.
    mutating func addProjectMember(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        let index: Int
        switch project(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        let form = call.form
        let role = form["role"] ?? ""
        guard SquirroState.projectRoles.contains(role) else {
            return .squirroError(400, "Invalid role '\(role)'; must be one of: reader, member, admin")
        }
        let member: SquirroState.ProjectMember
        switch (form["user_id"], form["group_id"]) {
        case (let user?, nil):
            guard state.role(of: user, in: t) != nil else { return .squirroError(404, "User \(user) not found") }
            member = .init(memberId: user, type: "user", role: role)
        case (nil, let group?):
            guard state.groupIndex(group, tenant: t) != nil else { return .squirroError(404, "Group not found") }
            member = .init(memberId: group, type: "group", role: role)
        default:
            return .squirroError(400, "Exactly one of user_id and group_id is required")
        }
        if state.projects[index].members.contains(where: { $0.memberId == member.memberId }) {
            return .squirroError(409, "Already a member")
        }
        state.projects[index].members.append(member)
        return .squirro(memberJSON(member, project: state.projects[index]))
    }

    mutating func updateProjectMember(_ t: String, _ id: String, _ memberId: String, _ call: SquirroCall) -> EmulatorResponse {
        let index: Int
        switch project(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        let role = call.form["role"] ?? ""
        guard SquirroState.projectRoles.contains(role) else {
            return .squirroError(400, "Invalid role '\(role)'; must be one of: reader, member, admin")
        }
        guard let m = state.projects[index].members.firstIndex(where: { $0.memberId == memberId }) else {
            return .squirroError(404, "Member \(memberId) not found")
        }
        state.projects[index].members[m].role = role
        return .squirro(memberJSON(state.projects[index].members[m], project: state.projects[index]))
    }

    mutating func deleteProjectMember(_ t: String, _ id: String, _ memberId: String) -> EmulatorResponse {
        let index: Int
        switch project(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        guard state.projects[index].members.contains(where: { $0.memberId == memberId }) else {
            return .squirroError(404, "Member \(memberId) not found")
        }
        state.projects[index].members.removeAll { $0.memberId == memberId }
        return .squirroNoContent
    }

    func listProjects(_ t: String) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        return .squirro(.array(state.projects.filter { $0.tenant == t }
            .map { ["id": .string($0.id), "title": .string($0.title)] }))
    }

    /// Topic API `POST /v0/{t}/projects`, form `title`: 201 with the new project; the caller
    /// becomes its admin.
    mutating func createProject(_ t: String, _ call: SquirroCall) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        let form = call.form
        guard let title = form["title"], !title.isEmpty else { return .squirroError(400, "title is required") }
        let id = form["project_id"] ?? Self.newID()
        if state.projectIndex(id, tenant: t) != nil { return .squirroError(409, "Project \(id) already exists") }
        var project = SquirroState.Project(id: id, tenant: t, title: title)
        if let caller = call.caller { project.members = [.init(memberId: caller.userId, type: "user", role: "admin")] }
        state.projects.append(project)
        return .squirro(["id": .string(project.id), "title": .string(title)], status: 201)
    }
}
