import RosterCore

/// What the safety rails need to know: who administers the platform, and which login is roster's.
///
/// On this platform `last-admin` and `self` are never reached: admins (roster's own login is one)
/// are pre-provisioned, and `check` makes any plan that would change or delete one a plan error,
/// which no `--force` lifts. They are still declared, so that the rails hold if that ever changes.
extension CloudProvider {
    public func isAdministrator(_ resource: Resource) -> Bool {
        resource.id.kind == Kind.user && resource.attributes["is_admin"]?.bool == true
    }

    public func ownLogin(_ backend: BackendConfig) -> ResourceID? {
        guard let settings = backend.settings as? Settings else { return nil }
        return ResourceID(backend: backend.name, kind: Kind.user, key: [settings.email])
    }
}
