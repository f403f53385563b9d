import RosterCore

extension SquirroProvider {
    /// The facts under which a session lists the projects its reads found, and those the server
    /// answered 404 for.
    static let knownProjectsFact = "squirro.known_projects"
    static let unknownProjectsFact = "squirro.unknown_projects"

    /// Each change's own checks, and: every group, workspace and project a membership names must
    /// exist or be created by the plan (the server answers 404 otherwise), reported at its line.
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems = changes.flatMap { check($0, backend: backend, live: live) }
        let groups = ReferenceCheck.names(of: Kind.group, live: live, changes: changes)
        problems += ReferenceCheck(kind: Kind.groupMember, keyIndex: 1, noun: "group", known: groups)
            .problems(changes, backend: backend)
        problems += ReferenceCheck(kind: Kind.projectGroup, keyIndex: 1, noun: "group", known: groups)
            .problems(changes, backend: backend)
        var workspaces = ReferenceCheck.names(of: Kind.workspace, live: live, changes: changes)
        workspaces.insert("global")
        problems += ReferenceCheck(kind: Kind.workspaceUser, keyIndex: 1, noun: "workspace", known: workspaces)
            .problems(changes, backend: backend)
        // Projects cannot be listed: only those the server answered 404 for are known to be missing.
        let unknown = Set(live.facts[Self.unknownProjectsFact]?.list?.compactMap(\.string) ?? [])
        guard !unknown.isEmpty else { return problems }
        let known = Set(live.facts[Self.knownProjectsFact]?.list?.compactMap(\.string) ?? [])
        for (kind, index) in [(Kind.projectUser, 1), (Kind.projectGroup, 0)] {
            let referring = changes.filter { $0.id.kind == kind && unknown.contains($0.id.key[index]) }
            problems += ReferenceCheck(kind: kind, keyIndex: index, noun: "project", known: known)
                .problems(referring, backend: backend)
        }
        return problems
    }
}
