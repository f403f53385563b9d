import XMLRPC

/// addRole and removeRole. satellite_admin is server-wide: its target is looked up
/// globally and only satellite admins may grant or revoke it.
extension UserMethods {
    static func addRole(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let login = call.string(0)
        let role = call.string(1)
        try checkAssignable(role, call: call)
        let index: Int
        if role == UyuniRoles.satelliteAdmin {
            try call.require(UyuniRoles.satelliteAdmin)
            guard let found = call.state.userIndex(login: login) else { throw .couldNotFindUser(login) }
            index = found
        } else {
            index = try call.target(login)
        }
        if !call.state.users[index].has(role: role) {
            call.state.users[index].grant(role)
        }
        return 1
    }

    static func removeRole(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let login = call.string(0)
        let role = call.string(1)
        try checkAssignable(role, call: call)
        if role == UyuniRoles.satelliteAdmin {
            try call.require(UyuniRoles.satelliteAdmin)
            guard let index = call.state.userIndex(login: login) else { throw .couldNotFindUser(login) }
            let target = call.state.users[index]
            if target.has(role: role) && target.hasRegularAccess && call.state.activeSatelliteAdminCount <= 1 {
                throw .internalError("The user \(target.login) is the last Satellite Administrator and cannot be "
                    + "removed from the Satellite Administrator role.")
            }
            call.state.users[index].revoke(role)
            return 1
        }
        try call.requireOrgAdmin()
        let index = try call.target(login)
        let target = call.state.users[index]
        if role == UyuniRoles.orgAdmin && !target.readOnly && target.has(role: role)
            && call.state.activeOrgAdminCount <= 1 {
            throw .permissionDenied
        }
        // Revoking a role org_admin implies leaves it visible, as on the server.
        call.state.users[index].revoke(role)
        return 1
    }

    static func checkAssignable(_ role: String, call: UyuniCall) throws(UyuniFault) {
        let assignable = UyuniRoles.assignable(by: call.caller)
        guard assignable.contains(role) else { throw .noSuchRole(role, assignable: assignable) }
    }
}
