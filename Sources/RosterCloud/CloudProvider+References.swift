import RosterCore

extension CloudProvider {
    /// Each change's own checks, and: a platform given to a user that no live user has and that
    /// is a near miss of one they have is a typo (the server answers 422 "Unknown platform."). The
    /// user API cannot list platforms, so a platform nobody has yet is let through.
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems = changes.flatMap { check($0, backend: backend, live: live) }
        var held = Set<String>()
        for resource in live.resources where resource.id.kind == Kind.user {
            for item in resource.attributes["platform_ids"]?.list ?? [] { item.string.map { held.insert($0) } }
        }
        guard !held.isEmpty else { return problems }
        for change in changes where change.id.kind == Kind.user && change.operation != .delete {
            let before = Set(change.before?["platform_ids"]?.list?.compactMap(\.string) ?? [])
            for platform in change.value("platform_ids")?.list?.compactMap(\.string) ?? []
            where !held.contains(platform) && !before.contains(platform) {
                let suggestion = Suggestion.note(for: platform, in: held.sorted())
                guard !suggestion.isEmpty else { continue }
                problems.append(.error("platform '\(platform)' of '\(change.id.keyString)' is not one the users of '\(backend.name)' have",
                                       at: change.location ?? backend.location,
                                       notes: suggestion + [.init("the server refuses an unknown platform (422 \"Unknown platform.\")")]))
            }
        }
        return problems
    }
}
