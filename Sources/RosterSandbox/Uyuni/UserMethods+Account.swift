import XMLRPC

/// enable, disable, PAM, read-only access, errata notifications.
extension UserMethods {
    static func disable(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        let target = call.state.users[index]
        guard target.enabled else { return 1 }
        if !target.readOnly && target.has(role: UyuniRoles.orgAdmin) && call.state.activeOrgAdminCount < 2 {
            throw .internalError("userdisable.error.onlyuser")
        }
        if target.has(role: UyuniRoles.orgAdmin) && target.id != call.callerId {
            throw .internalError("userdisable.error.orgadmin")
        }
        call.state.users[index].enabled = false
        call.world.sessions.purge(userId: target.id)
        return 1
    }

    static func enable(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        call.state.users[index].enabled = true
        return 1
    }

    static func usePamAuthentication(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        call.state.users[index].usePam = call.int(1) == 1
        return 1
    }

    static func setReadOnly(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        let target = call.state.users[index]
        let readOnly = call.bool(1)
        if !target.readOnly && readOnly {
            if target.has(role: UyuniRoles.orgAdmin) && call.state.activeOrgAdminCount < 2 {
                throw .handler(1233, "At least one Organization Administrator with regular access must remain in "
                    + "\(call.state.org.name) organization.")
            }
            if target.has(role: UyuniRoles.satelliteAdmin) && call.state.activeSatelliteAdminCount < 2 {
                throw .handler(1233, "At least one Satellite Administrator must remain with regular access.")
            }
        }
        call.state.users[index].readOnly = readOnly
        return 1
    }

    static func setErrataNotifications(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        call.state.users[index].errataNotification = call.bool(1)
        return 1
    }
}
