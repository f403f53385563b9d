import CteraXML

/// Dispatch on (path, method, type, name), as the portal's object model does.
extension CteraWorld {
    mutating func perform(_ call: CteraCall, session: (id: String, session: Session)) -> EmulatorResponse {
        guard let portal = state.portalIndex(session.session.portal) else { return CteraWire.notFound }
        let s = call.segments
        switch (call.method, s.count) {
        case ("POST", 0): return performAPIMethod(call, portal: portal, session: session.session)
        case ("GET", 1) where s[0] == "currentSession": return currentSession(session.session)
        case ("GET", 1) where s[0] == "currentPortal": return CteraWire.value(.text(session.session.portal))
        case ("PUT", 1) where s[0] == "currentPortal": return browse(call.body, session: session.id)
        case ("GET", 1) where s[0] == "version": return CteraWire.value(.text(state.version))
        case ("GET", 2) where s[0] == "rolesSettings": return roleSettings(s[1])
        case ("GET", 4) where s[0] == "servers" && s[2] == "bgTasks":
            return taskStatus(Int(s[3]), portal: portal)
        default: break
        }
        if let (domain, rest) = Self.collection(s) {
            return performOnUsers(call, portal: portal, domain: domain, rest: rest)
        }
        return CteraWire.notFound
    }

    /// `users/...` or `domains/{d}/adUsers/...`: the domain (nil for local users) and what follows.
    static func collection(_ s: [String]) -> (String?, ArraySlice<String>)? {
        if s.first == "users" { return (nil, s.dropFirst()) }
        if s.count >= 3, s[0] == "domains", s[2] == "adUsers" { return (s[1], s.dropFirst(3)) }
        return nil
    }

    mutating func performOnUsers(_ call: CteraCall, portal: Int, domain: String?, rest: ArraySlice<String>) -> EmulatorResponse {
        if let domain, !state.portals[portal].domains.contains(where: { $0.name == domain }) { return CteraWire.notFound }
        let names = Array(rest)
        switch (call.method, names.count, call.type, call.name) {
        case ("POST", 0, "db", "query"): return query(call.param, portal: portal, domain: domain)
        case ("POST", 0, "db", "add"):
            guard domain == nil else { return CteraWire.error(400, "Domain users come from the directory") }
            return addUser(call.param, portal: portal)
        case ("POST", 1, "db", "get-multi"): return getMulti(call.param, portal: portal, domain: domain, name: names[0])
        case ("POST", 1, "user-defined", "delete"): return deleteUser(portal: portal, domain: domain, name: names[0])
        case ("GET", 1, _, _): return getUser(portal: portal, domain: domain, name: names[0], attribute: nil)
        case ("GET", 2, _, _): return getUser(portal: portal, domain: domain, name: names[0], attribute: names[1])
        case ("PUT", 1, _, _):
            // Directory users are read, listed and deleted only (reference A.6.4, A.9.7).
            guard domain == nil else {
                return CteraWire.error(405, "Directory users are read, listed and deleted only; "
                    + "their roles come from the directory's access control rules")
            }
            return putUser(call.body, portal: portal, name: names[0])
        case ("POST", _, let type?, let name?):
            return CteraWire.error(400, "Unknown method \(type) \(name) for this object")
        default: return CteraWire.error(405, "Method not allowed")
        }
    }

    mutating func performAPIMethod(_ call: CteraCall, portal: Int, session: Session) -> EmulatorResponse {
        switch (call.type, call.name) {
        case ("user-defined", "updateAccounts"): return updateAccounts(call.param, portal: portal)
        case ("user-defined", "getTaskStatus"):
            return taskStatus(call.param.string.flatMap { Int($0.split(separator: "/").last ?? "") }, portal: portal)
        case ("user-defined", "getApiKeys"): return apiKeys(call.param, portal: portal)
        case ("user-defined", "createApiKey"): return createAPIKey(call.param, portal: portal)
        case ("user-defined", "deleteApiKey"): return deleteAPIKey(call.param, portal: portal)
        default: return CteraWire.error(400, "Unknown method \(call.type ?? "") \(call.name ?? "")")
        }
    }

    func currentSession(_ session: Session) -> EmulatorResponse {
        let uid = state.portal("").flatMap { p in p.users.first { $0.name == session.username }?.uid } ?? 1
        return CteraWire.value(.object(CteraObject("SessionInfo", [
            "username": .text(session.username), "domain": .null, "role": .text(session.role),
            "userRef": .text("objs/\(uid)//PortalAdmin/\(session.username)"),
            "tenant": .optional(session.portal.isEmpty ? nil : session.portal),
        ])))
    }

    /// `PUT currentPortal` with `<val>acme</val>` browses a team portal; `<val />` goes back.
    mutating func browse(_ body: CteraValue, session id: String) -> EmulatorResponse {
        let name = body.string ?? ""
        guard state.portal(name) != nil else { return CteraWire.error(404, "Portal \(name) does not exist") }
        sessions[id]?.portal = name
        return CteraWire.empty()
    }

    func roleSettings(_ name: String) -> EmulatorResponse {
        let known = ["readWriteAdminSettings": true, "readOnlyAdminSettings": false, "supportAdminSettings": false,
                     "complianceOfficerSettings": false]
        guard let superUser = known[name] else { return CteraWire.notFound }
        var object = CteraObject("PortalRoleSettings", ["name": .text(name), "superUser": .bool(superUser)])
        for flag in ["allowRemoteWipe", "allowSSO", "allowSeedingExport", "allowSeedingImport", "canAccessEndUserFolders",
                     "canChangePortalSettings", "canChangeRoles", "canChangeUserEmail", "canChangeUserPassword",
                     "canManageAllFolders", "canManagePlans", "canManageUsers", "canManageLogSettings",
                     "allowFoldersFilesPermanentDelete", "canManageLegalHolds", "canManageComplianceSetting"] {
            object[flag] = .bool(superUser)
        }
        return CteraWire.value(.object(object))
    }
}
