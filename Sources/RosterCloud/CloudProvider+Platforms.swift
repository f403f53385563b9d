import RosterCore
import RosterYAML

/// `platform_ids` checked at plan time: each id a user is given must be one of the platform list
/// (`paths.platforms`), or the server refuses the user with a 422 half-way through apply.
extension CloudProvider {
    /// The facts of the platform list: the ids, their names in the same order, or that the server
    /// has no list at the path.
    static let platformIDsFact = "cloud.platform_ids"
    static let platformNamesFact = "cloud.platform_names"
    static let platformsUnlistedFact = "cloud.platforms_unlisted"

    public var referringAttributes: [String] { ["platform_ids"] }

    static func platformFacts(_ platforms: [CloudPlatform]?) -> [String: Value] {
        guard let platforms else { return [platformsUnlistedFact: .bool(true)] }
        return [platformIDsFact: .list(platforms.map { .string($0.id) }),
                platformNamesFact: .list(platforms.map { .string($0.name ?? "") })]
    }

    /// Each change's own checks, and every platform id a created or updated user is given, each
    /// reported where it is written.
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState, desired: DesiredState) -> [Diagnostic] {
        check(changes, backend: backend, live: live) + platformProblems(changes, backend: backend, live: live, desired: desired)
    }

    func platformProblems(_ changes: [Change], backend: BackendConfig, live: LiveState,
                          desired: DesiredState?) -> [Diagnostic] {
        let given = changes.filter { $0.id.kind == Kind.user && $0.operation != .delete && $0.value("platform_ids") != nil }
        guard !given.isEmpty else { return [] }
        if live.facts[Self.platformsUnlistedFact] != nil {
            let path = (backend.settings as? Settings)?.paths.platforms ?? CloudPaths().platforms
            return [.warning("cannot list platforms on '\(backend.name)' (\(path.method) \(path.path) answered 404): "
                             + "platform_ids are not checked; set paths.platforms", at: backend.location)]
        }
        guard let ids = live.facts[Self.platformIDsFact]?.list?.compactMap(\.string) else { return [] }
        let names = live.facts[Self.platformNamesFact]?.list?.compactMap(\.string) ?? []
        let check = ReferenceCheck(kind: Kind.user, keyIndex: 0, noun: "platform", known: Set(ids))
        var problems: [Diagnostic] = []
        for change in given {
            let values = Self.platformIDs(change)
            for id in values where !check.known.contains(id) {
                let place = desired?.location(of: id, in: "platform_ids", of: change.id) ?? change.location ?? backend.location
                problems.append(check.problem(id, at: place, backend: backend,
                                              named: Self.named(id, ids: ids, names: names), shown: Self.shown(ids, names), creatable: false))
            }
        }
        return problems
    }

    static func platformIDs(_ change: Change) -> [String] {
        guard let value = change.value("platform_ids") else { return [] }
        return (value.list ?? []).compactMap(\.string).sorted()
    }

    /// A name written where the id belongs: the platform's id.
    static func named(_ text: String, ids: [String], names: [String]) -> String? {
        zip(ids, names).first { !$0.1.isEmpty && $0.1.lowercased() == text.lowercased() }?.0
    }

    static func shown(_ ids: [String], _ names: [String]) -> [String] {
        ids.indices.map { i in i < names.count && !names[i].isEmpty && names[i] != ids[i] ? "\(ids[i]) (\(names[i]))" : ids[i] }
    }
}
