import XMLRPC

/// Default and assigned system groups. Every name is checked before anything changes.
extension UserMethods {
    static func addDefaultSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try changeDefaults(&call, login: call.string(0), names: [call.string(1)], add: true)
    }

    static func addDefaultSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try changeDefaults(&call, login: call.string(0), names: call.strings(1), add: true)
    }

    static func removeDefaultSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try changeDefaults(&call, login: call.string(0), names: [call.string(1)], add: false)
    }

    static func removeDefaultSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try changeDefaults(&call, login: call.string(0), names: call.strings(1), add: false)
    }

    /// Names must be groups of the target's org (exact, case-sensitive), else 2201 for the first bad one.
    static func changeDefaults(_ call: inout UyuniCall, login: String, names: [String], add: Bool) throws(UyuniFault) -> XMLRPCValue {
        let index = try call.target(login)
        guard !names.isEmpty else { throw .noGroupNames }
        let orgId = call.state.users[index].orgId
        var ids: [Int] = []
        for name in names {
            guard let group = call.state.groups.first(where: { $0.name == name && $0.orgId == orgId }) else {
                throw .lookupServerGroup(name)
            }
            ids.append(group.id)
        }
        if add {
            for id in ids where !call.state.users[index].defaultGroupIds.contains(id) {
                call.state.users[index].defaultGroupIds.append(id)
            }
        } else {
            call.state.users[index].defaultGroupIds.removeAll { ids.contains($0) }
        }
        return 1
    }

    static func listDefaultSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let user = call.state.users[try call.target(call.string(0))]
        return UyuniEncoding.groups(call.state.groups.filter { user.defaultGroupIds.contains($0.id) })
    }

    static func listAssignedSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let user = call.state.users[try call.target(call.string(0))]
        return UyuniEncoding.groups(call.state.groups.filter { user.assignedGroupIds.contains($0.id) })
    }

    static func addAssignedSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try addAssigned(&call, login: call.string(0), names: [call.string(1)], setDefault: call.bool(2))
    }

    static func addAssignedSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try addAssigned(&call, login: call.string(0), names: call.strings(1), setDefault: call.bool(2))
    }

    static func removeAssignedSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try removeAssigned(&call, login: call.string(0), names: [call.string(1)], setDefault: call.bool(2))
    }

    static func removeAssignedSystemGroups(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try removeAssigned(&call, login: call.string(0), names: call.strings(1), setDefault: call.bool(2))
    }

    /// Groups are looked up among those the caller can access (2200 otherwise).
    static func addAssigned(_ call: inout UyuniCall, login: String, names: [String], setDefault: Bool) throws(UyuniFault) -> XMLRPCValue {
        let index = try call.target(login)
        guard !names.isEmpty else { throw .noGroupNames }
        let accessible = call.accessibleGroups(for: call.caller)
        var ids: [Int] = []
        for name in names {
            guard let group = accessible.first(where: { $0.name == name }) else { throw .invalidServerGroup }
            ids.append(group.id)
        }
        for id in ids where !call.state.users[index].assignedGroupIds.contains(id) {
            call.state.users[index].assignedGroupIds.append(id)
        }
        if setDefault {
            _ = try changeDefaults(&call, login: login, names: names, add: true)
        }
        return 1
    }

    /// org_admin first; defaults go first when asked; the target is looked up without the
    /// lookup rule's translation; groups among those the target can access (2200 otherwise).
    static func removeAssigned(_ call: inout UyuniCall, login: String, names: [String], setDefault: Bool) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.orgAdmin)
        if setDefault {
            _ = try changeDefaults(&call, login: login, names: names, add: false)
        }
        guard let index = call.state.userIndex(login: login, orgId: call.caller.orgId) else {
            throw .couldNotFindUser(login)
        }
        guard !names.isEmpty else { throw .noGroupNames }
        let accessible = call.accessibleGroups(for: call.state.users[index])
        var ids: [Int] = []
        for name in names {
            guard let group = accessible.first(where: { $0.name == name }) else { throw .invalidServerGroup }
            ids.append(group.id)
        }
        call.state.users[index].assignedGroupIds.removeAll { ids.contains($0) }
        return 1
    }
}
