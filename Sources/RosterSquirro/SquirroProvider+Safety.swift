import RosterCore

/// What the safety rails need to know: who administers the tenant.
extension SquirroProvider {
    /// Users with the tenant role `admin`. roster signs in with a token whose user it does not
    /// read, so it names no own login (the `self` rail has nothing to hold here).
    public func isAdministrator(_ resource: Resource) -> Bool {
        resource.id.kind == Kind.user && resource.attributes["role"]?.string == "admin"
    }
}
