import XMLRPC

/// One authenticated call in progress: a draft of the world the handler may change
/// (committed only if it returns), the caller, and the arguments after the session key.
struct UyuniCall {
    var world: UyuniWorld
    let callerId: Int
    let args: [XMLRPCValue]
    let now: Double

    var state: UyuniState {
        get { world.state }
        _modify { yield &world.state }
    }

    var caller: UyuniState.User {
        state.users[callerIndex]
    }

    var callerIndex: Int {
        state.userIndex(id: callerId)!
    }

    func string(_ index: Int) -> String { args[index].string ?? "" }
    func int(_ index: Int) -> Int { args[index].int ?? 0 }
    func bool(_ index: Int) -> Bool { args[index].bool ?? false }

    /// A `String[]` argument; a non-string element fails as Java's cast would.
    func strings(_ index: Int) throws(UyuniFault) -> [String] {
        var result: [String] = []
        for element in args[index].array ?? [] {
            guard let text = element.string else { throw .classCast(element, to: "java.lang.String") }
            result.append(text)
        }
        return result
    }

    func require(_ role: String) throws(UyuniFault) {
        guard caller.has(role: role) else { throw .missingRole(role) }
    }

    func requireOrgAdmin() throws(UyuniFault) {
        guard caller.has(role: UyuniRoles.orgAdmin) else { throw .permissionDenied }
    }

    /// The target-lookup rule: oneself by exact login; anyone else needs org_admin (checked
    /// before existence), then a case-insensitive match in the caller's org.
    func target(_ login: String) throws(UyuniFault) -> Int {
        if login == caller.login { return callerIndex }
        try requireOrgAdmin()
        guard let index = state.userIndex(login: login, orgId: caller.orgId) else { throw .noSuchUser }
        return index
    }

    /// Groups of the org that `user` administers: all of them for org admins.
    func accessibleGroups(for user: UyuniState.User) -> [UyuniState.SystemGroup] {
        state.groups.filter { group in
            group.orgId == user.orgId
                && (user.has(role: UyuniRoles.orgAdmin) || user.assignedGroupIds.contains(group.id))
        }
    }
}

/// What the emulator's lock guards: persisted state plus live sessions.
struct UyuniWorld: EmulatorWorld {
    var state: UyuniState
    var sessions = UyuniSessions()
}
