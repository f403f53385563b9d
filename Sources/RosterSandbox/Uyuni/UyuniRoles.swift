/// Role labels and the texts Uyuni shows for them.
enum UyuniRoles {
    static let satelliteAdmin = "satellite_admin"
    static let orgAdmin = "org_admin"
    static let systemGroupAdmin = "system_group_admin"

    /// Canonical order, as `listAssignableRoles` lists them.
    static let all = [
        satelliteAdmin, orgAdmin, "channel_admin", "config_admin", systemGroupAdmin, "activation_key_admin", "image_admin",
    ]

    static let impliedByOrgAdmin: Set<String> = [
        "channel_admin", "config_admin", systemGroupAdmin, "activation_key_admin", "image_admin",
    ]

    /// Role names in permission faults. satellite_admin is product-branded; this uses the
    /// Spacewalk wording.
    static func displayName(_ role: String) -> String {
        switch role {
        case satelliteAdmin: "Satellite Administrator"
        case orgAdmin: "Organization Administrator"
        case "channel_admin": "Channel Administrator"
        case "config_admin": "Configuration Administrator"
        case systemGroupAdmin: "System Group Administrator"
        case "activation_key_admin": "Activation Key Administrator"
        case "image_admin": "Image Administrator"
        default: role
        }
    }

    /// What `caller` may grant or revoke: satellite_admin if held, the org roles if org_admin.
    static func assignable(by caller: UyuniState.User) -> [String] {
        var result: [String] = []
        if caller.has(role: satelliteAdmin) { result.append(satelliteAdmin) }
        if caller.has(role: orgAdmin) { result += all.filter { $0 != satelliteAdmin } }
        return result
    }
}

extension UyuniState {
    var activeOrgAdminCount: Int {
        users.filter { $0.orgId == org.id && $0.has(role: UyuniRoles.orgAdmin) && $0.hasRegularAccess }.count
    }

    var activeSatelliteAdminCount: Int {
        users.filter { $0.has(role: UyuniRoles.satelliteAdmin) && $0.hasRegularAccess }.count
    }
}
