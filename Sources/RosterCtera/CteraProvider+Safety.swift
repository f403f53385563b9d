import RosterCore

/// What the safety rails need to know: who administers the portal, and which login is roster's.
extension CteraProvider {
    /// Local and domain users with the read-write admin role: a read-only admin cannot manage
    /// users, so cannot undo a mistake; `Disabled` (from `state: disabled`) is no admin.
    public func isAdministrator(_ resource: Resource) -> Bool {
        guard resource.id.kind == Kind.user || resource.id.kind == Kind.domainUser else { return false }
        return resource.attributes["role"]?.string == CteraRole.readWriteAdmin.rawValue
    }

    /// The settings' `username` as a local user of the portal. With `tenant:` roster signs in as a
    /// global administrator, which no portal plan touches.
    public func ownLogin(_ backend: BackendConfig) -> ResourceID? {
        guard let settings = backend.settings as? Settings, settings.tenant == nil else { return nil }
        return ResourceID(backend: backend.name, kind: Kind.user, key: [settings.username])
    }
}
