import RosterCore

extension UyuniProvider {
    /// Each change's own checks, and: a system group assigned to a user must exist or be created
    /// by the plan (`user.addAssignedSystemGroups` refuses an unknown one), so a typo is an error at
    /// its line.
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems = changes.flatMap { check($0, backend: backend, live: live) }
        let groups = ReferenceCheck.names(of: Kind.systemGroup, live: live, changes: changes)
        for kind in [Kind.assignedGroup, Kind.defaultGroup] {
            problems += ReferenceCheck(kind: kind, keyIndex: 1, noun: "system group", known: groups)
                .problems(changes, backend: backend)
        }
        return problems
    }
}
