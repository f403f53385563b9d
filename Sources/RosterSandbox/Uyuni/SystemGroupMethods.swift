import XMLRPC

/// The `systemgroup` calls user management needs.
enum SystemGroupMethods {
    static let maxNameLength = 64
    static let maxDescriptionLength = 1024

    static let table: [UyuniMethod] = [
        .write("systemgroup", "create", [.string, .string], create),
        .read("systemgroup", "listAllGroups", [], listAllGroups),
        .read("systemgroup", "getDetails", [.int], getDetails),
        .read("systemgroup", "getDetails", [.string], getDetails),
        .write("systemgroup", "delete", [.string], delete),
        .write("systemgroup", "update", [.string, .string], update),
        .write("systemgroup", "addOrRemoveAdmins", [.string, .array, .boolean], addOrRemoveAdmins),
    ]

    static func create(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.systemGroupAdmin)
        let name = call.string(0)
        let description = try checkedDescription(call.string(1))
        guard !name.allSatisfy(\.isWhitespace) else {
            throw .internalError("ServerGroup create exception. Null value provided for the non null field -> 'name'.")
        }
        guard name.count <= maxNameLength else {
            // A database error on the real server; the wording is ours.
            throw .internalError("value too long for type character varying(\(maxNameLength))")
        }
        guard call.state.group(named: name) == nil else {
            throw .internalError("Duplicate server group requested to be created..Server Group with name -[\(name)] "
                + "and org - [\(call.state.org.name)] already exists")
        }
        let group = call.state.addGroup(name: name, description: description)
        if !call.caller.has(role: UyuniRoles.orgAdmin) {
            call.state.users[call.callerIndex].assignedGroupIds.append(group.id)
        }
        return UyuniEncoding.group(group)
    }

    /// A blank description is stored as the word `none`, as the reference reports.
    static func checkedDescription(_ text: String) throws(UyuniFault) -> String {
        guard text.count <= maxDescriptionLength else {
            throw .internalError("value too long for type character varying(\(maxDescriptionLength))")
        }
        return text.allSatisfy(\.isWhitespace) ? "none" : text
    }

    static func listAllGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        UyuniEncoding.groups(call.accessibleGroups(for: call.caller))
    }

    static func getDetails(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let group = try accessibleGroup(call, matching: call.args[0])
        return UyuniEncoding.group(call.state.groups[group])
    }

    static func delete(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.systemGroupAdmin)
        let index = try accessibleGroup(call, matching: call.args[0])
        let id = call.state.groups[index].id
        call.state.groups.remove(at: index)
        for userIndex in call.state.users.indices {
            call.state.users[userIndex].assignedGroupIds.removeAll { $0 == id }
            call.state.users[userIndex].defaultGroupIds.removeAll { $0 == id }
        }
        return 1
    }

    static func update(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.systemGroupAdmin)
        let index = try accessibleGroup(call, matching: call.args[0])
        call.state.groups[index].description = try checkedDescription(call.string(1))
        return UyuniEncoding.group(call.state.groups[index])
    }

    static func addOrRemoveAdmins(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.orgAdmin)
        let groupIndex = try accessibleGroup(call, matching: call.args[0])
        let id = call.state.groups[groupIndex].id
        let add = call.bool(2)
        var targets: [Int] = []
        for login in try call.strings(1) {
            guard let index = call.state.userIndex(login: login, orgId: call.caller.orgId) else { throw .noSuchUser }
            targets.append(index)
        }
        for index in targets {
            call.state.users[index].assignedGroupIds.removeAll { $0 == id }
            if add { call.state.users[index].assignedGroupIds.append(id) }
        }
        return 1
    }

    /// A group of the caller's org that the caller can access, by id or by name.
    static func accessibleGroup(_ call: UyuniCall, matching key: XMLRPCValue) throws(UyuniFault) -> Int {
        let accessible = Set(call.accessibleGroups(for: call.caller).map(\.id))
        let index = call.state.groups.firstIndex { group in
            guard accessible.contains(group.id) else { return false }
            if let id = key.int { return group.id == id }
            return group.name == key.string
        }
        guard let index else {
            let label = key.int.map(String.init) ?? key.string ?? ""
            throw .internalError("Unable to locate or access server group: \(label)")
        }
        return index
    }
}
