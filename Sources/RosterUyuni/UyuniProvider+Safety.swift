import RosterCore

/// What the safety rails need to know: who administers the server, and which login is roster's.
extension UyuniProvider {
    /// Roles that can manage users: an organization's admin, and the server's.
    static let adminRoles: Set<String> = ["org_admin", "satellite_admin"]

    /// Enabled users holding an admin role. Roles are objects of their own (`uyuni.role`), read
    /// only for the users the config names; a user that was only listed (no details read) is
    /// counted as a possible administrator, so that the `last-admin` rail never fires on what
    /// roster did not read.
    public func administrators(in resources: [Resource]) -> Set<ResourceID> {
        let withAdminRole = Set(resources.lazy.filter { $0.id.kind == Kind.role && Self.adminRoles.contains($0.id.key.last ?? "") }
            .map { $0.id.key[0] })
        return Set(resources.lazy.filter { resource in
            guard resource.id.kind == Kind.user, resource.attributes["enabled"]?.bool != false else { return false }
            let listedOnly = resource.attributes["first_name"] == nil && resource.attributes["email"] == nil
            return listedOnly || withAdminRole.contains(resource.id.key[0])
        }.map(\.id))
    }

    public func ownLogin(_ backend: BackendConfig) -> ResourceID? {
        guard let settings = backend.settings as? Settings else { return nil }
        return ResourceID(backend: backend.name, kind: Kind.user, key: [settings.username])
    }
}
