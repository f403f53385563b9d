import XMLRPC

/// The `user` namespace: the overload table. Handlers live in the extensions by concern.
enum UserMethods {
    static let table: [UyuniMethod] = [
        .read("user", "listUsers", [], listUsers),
        .read("user", "listRoles", [.string], listRoles),
        .read("user", "listAssignableRoles", [], listAssignableRoles),
        .read("user", "getDetails", [.string], getDetails),
        .write("user", "setDetails", [.string, .structure], setDetails),
        .write("user", "addRole", [.string, .string], addRole),
        .write("user", "removeRole", [.string, .string], removeRole),
        .write("user", "create", [.string, .string, .string, .string, .string], checksFirst: true, create),
        .write("user", "create", [.string, .string, .string, .string, .string, .int], checksFirst: true, create),
        .write("user", "delete", [.string], delete),
        .write("user", "disable", [.string], disable),
        .write("user", "enable", [.string], enable),
        .write("user", "usePamAuthentication", [.string, .int], usePamAuthentication),
        .read("user", "getCreateDefaultSystemGroup", [], getCreateDefaultSystemGroup),
        .write("user", "setCreateDefaultSystemGroup", [.boolean], setCreateDefaultSystemGroup),
        .write("user", "setReadOnly", [.string, .boolean], setReadOnly),
        .write("user", "setErrataNotifications", [.string, .boolean], setErrataNotifications),
        .write("user", "addDefaultSystemGroup", [.string, .string], addDefaultSystemGroup),
        .write("user", "addDefaultSystemGroups", [.string, .array], addDefaultSystemGroups),
        .write("user", "removeDefaultSystemGroup", [.string, .string], removeDefaultSystemGroup),
        .write("user", "removeDefaultSystemGroups", [.string, .array], removeDefaultSystemGroups),
        .read("user", "listDefaultSystemGroups", [.string], listDefaultSystemGroups),
        .read("user", "listAssignedSystemGroups", [.string], listAssignedSystemGroups),
        .write("user", "addAssignedSystemGroup", [.string, .string, .boolean], addAssignedSystemGroup),
        .write("user", "addAssignedSystemGroups", [.string, .array, .boolean], addAssignedSystemGroups),
        .write("user", "removeAssignedSystemGroup", [.string, .string, .boolean], removeAssignedSystemGroup),
        .write("user", "removeAssignedSystemGroups", [.string, .array, .boolean], removeAssignedSystemGroups),
    ]

    static func listUsers(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let orgId = call.caller.orgId
        return .array(call.state.users.filter { $0.orgId == orgId }.map(UyuniEncoding.userSummary))
    }

    static func listRoles(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let index = try call.target(call.string(0))
        return .array(call.state.users[index].effectiveRoles.map(XMLRPCValue.string))
    }

    static func listAssignableRoles(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        .array(UyuniRoles.assignable(by: call.caller).map(XMLRPCValue.string))
    }

    static func getDetails(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let index = try call.target(call.string(0))
        return UyuniEncoding.userDetails(call.state.users[index], org: call.state.org)
    }

    static func getCreateDefaultSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        return .boolean(call.state.org.createDefaultSystemGroup)
    }

    static func setCreateDefaultSystemGroup(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        call.state.org.createDefaultSystemGroup = call.bool(0)
        return 1
    }
}
