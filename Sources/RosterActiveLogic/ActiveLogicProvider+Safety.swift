import RosterCore

/// What the safety rails need to know: who administers the box, and which login is roster's.
///
/// `last-admin` is never reached here: `admin` is permanent, so no plan deletes it, and its
/// permissions are masks, not a role that could be taken away. `self` holds for the `username`
/// (deleted, renamed, or sent a new password).
extension ActiveLogicProvider {
    /// The system's `admin` user, the only one that manages users (and one the system never lets go).
    public func isAdministrator(_ resource: Resource) -> Bool {
        resource.id.kind == Kind.user && resource.id.key == [Self.adminName]
    }

    public func ownLogin(_ backend: BackendConfig) -> ResourceID? {
        guard let settings = backend.settings as? Settings else { return nil }
        return ResourceID(backend: backend.name, kind: Kind.user, key: [settings.username])
    }
}
