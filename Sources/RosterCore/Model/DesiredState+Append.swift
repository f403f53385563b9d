extension DesiredState {
    /// Adds what `other` (of the same backend) holds after what this holds, as if every object and
    /// scope of it had been added here in its order.
    public mutating func append(_ other: consuming DesiredState, bag: DiagnosticBag) {
        for (_, resource) in other.resources { add(resource, bag: bag) }
        for (_, resource) in other.absent { addAbsent(resource, bag: bag) }
        for scope in other.scopes { claim(scope.kind, under: scope.keyPrefix) }
    }
}
