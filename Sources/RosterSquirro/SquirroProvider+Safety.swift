import RosterCore

/// What the safety rails need to know: who administers the tenant.
extension SquirroProvider {
    /// Users with the tenant role `admin`. roster signs in with a token whose user it does not
    /// read, so it names no own login (the `self` rail has nothing to hold here).
    public func isAdministrator(_ resource: Resource) -> Bool {
        resource.id.kind == Kind.user && resource.attributes["role"]?.string == "admin"
    }

    /// Administrators who keep their role in the tenant: `state: disabled` removes a user's
    /// `squirro.tenant_role`, so an admin whose tenant role a plan removes is one no more. (Objects
    /// without any tenant role, as a caller may build them, are judged by the role alone.)
    public func administrators(in resources: [Resource]) -> Set<ResourceID> {
        let inTenant = Set(resources.lazy.filter { $0.id.kind == Kind.tenantRole }.map { $0.id.key[0] })
        return Set(resources.filter { isAdministrator($0) && (inTenant.isEmpty || inTenant.contains($0.id.key[0])) }
            .map(\.id))
    }
}
