/// Groups of a tenant. `members` and `projects` arrive as JSON text inside form fields.
extension SquirroWorld {
    func groupJSON(_ group: SquirroState.Group, projects: Bool = false) -> SquirroJSON {
        var object: [String: SquirroJSON] = [
            "id": .string(group.id), "name": .string(group.name),
            "members": .array(group.memberIds.compactMap { state.user(id: $0) }.map { userJSON($0, tenant: group.tenant) }),
        ]
        if projects {
            object["projects"] = .array(state.projects.filter { $0.tenant == group.tenant }.compactMap { project in
                project.members.first { $0.memberId == group.id }.map {
                    ["id": .string(project.id), "title": .string(project.title), "role": .string($0.role)]
                }
            })
        }
        return .object(object)
    }

    func group(_ t: String, _ id: String) -> Result<Int, EmulatorResponse> {
        if let missing = tenantMissing(t) { return .failure(missing) }
        guard let index = state.groupIndex(id, tenant: t) else { return .failure(.squirroError(404, "Group not found")) }
        return .success(index)
    }

    func listGroups(_ t: String) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        return .squirro(.array(state.groups.filter { $0.tenant == t }.map { groupJSON($0) }))
    }

    /// `[{"id": ...}]` as JSON text: the ids of users of the tenant (only `id` is read).
    func memberIds(_ text: String, tenant t: String) -> Result<[String], EmulatorResponse> {
        guard let list = SquirroJSON.parse(Array(text.utf8))?.array else {
            return .failure(.squirroError(400, "members must be a JSON list of objects with an id"))
        }
        var ids: [String] = []
        for item in list {
            guard let id = item["id"]?.string else { return .failure(.squirroError(400, "members must be a JSON list of objects with an id")) }
            guard state.role(of: id, in: t) != nil else { return .failure(.squirroError(400, "Unknown user \(id)")) }
            if !ids.contains(id) { ids.append(id) }
        }
        return .success(ids)
    }

    /// Group names are unique per tenant here (an assumption; the reference does not say).
    mutating func createGroup(_ t: String, _ call: SquirroCall) -> EmulatorResponse {
        if let missing = tenantMissing(t) { return missing }
        let form = call.form
        guard let name = form["name"], !name.isEmpty else { return .squirroError(400, "name is required") }
        if state.group(named: name, tenant: t) != nil { return .squirroError(409, "Group with this name already exists") }
        var group = SquirroState.Group(id: Self.newID(), tenant: t, name: name)
        if let text = form["members"] {
            switch memberIds(text, tenant: t) {
            case .success(let ids): group.memberIds = ids
            case .failure(let response): return response
            }
        }
        state.groups.append(group)
        return .squirro(groupJSON(group), status: 201)
    }

    func getGroup(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        switch group(t, id) {
        case .success(let index): return .squirro(groupJSON(state.groups[index], projects: call.flag("include_projects")))
        case .failure(let response): return response
        }
    }

    /// `name` always; `members` replaces the member list; `projects` (ids) gives the group exactly
    /// those projects, new ones as reader. Replace rather than add is the reference's choice.
    mutating func updateGroup(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        let index: Int
        switch group(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        let form = call.form
        guard let name = form["name"], !name.isEmpty else { return .squirroError(400, "name is required") }
        if let other = state.group(named: name, tenant: t), other.id != id {
            return .squirroError(409, "Group with this name already exists")
        }
        if let text = form["members"] {
            switch memberIds(text, tenant: t) {
            case .success(let ids): state.groups[index].memberIds = ids
            case .failure(let response): return response
            }
        }
        if let text = form["projects"] {
            guard let ids = SquirroJSON.parse(Array(text.utf8))?.array?.compactMap(\.string) else {
                return .squirroError(400, "projects must be a JSON list of project ids")
            }
            if let unknown = ids.first(where: { state.projectIndex($0, tenant: t) == nil }) {
                return .squirroError(404, "Project \(unknown) not found")
            }
            for p in state.projects.indices where state.projects[p].tenant == t {
                let isListed = ids.contains(state.projects[p].id)
                let has = state.projects[p].members.contains { $0.memberId == id }
                if !isListed { state.projects[p].members.removeAll { $0.memberId == id } }
                if isListed && !has { state.projects[p].members.append(.init(memberId: id, type: "group", role: "reader")) }
            }
        }
        state.groups[index].name = name
        return .squirro(groupJSON(state.groups[index]))
    }

    /// `POST` on the group URL itself, form `user_id`: answers the added user.
    mutating func addGroupMember(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        let index: Int
        switch group(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        guard let userId = call.form["user_id"] else { return .squirroError(400, "user_id is required") }
        guard let user = state.user(id: userId), state.role(of: userId, in: t) != nil else {
            return .squirroError(404, "User \(userId) not found")
        }
        if !state.groups[index].memberIds.contains(userId) { state.groups[index].memberIds.append(userId) }
        return .squirro(userJSON(user, tenant: t))
    }

    /// Deletes the group and its project memberships.
    mutating func deleteGroup(_ t: String, _ id: String) -> EmulatorResponse {
        if case .failure(let response) = group(t, id) { return response }
        state.groups.removeAll { $0.id == id && $0.tenant == t }
        for p in state.projects.indices { state.projects[p].members.removeAll { $0.memberId == id } }
        return .squirroNoContent
    }

    mutating func deleteGroupMember(_ t: String, _ id: String, _ userId: String) -> EmulatorResponse {
        let index: Int
        switch group(t, id) {
        case .success(let found): index = found
        case .failure(let response): return response
        }
        guard state.groups[index].memberIds.contains(userId) else {
            return .squirroError(404, "User \(userId) is not a member of this group")
        }
        state.groups[index].memberIds.removeAll { $0 == userId }
        return .squirroNoContent
    }
}
