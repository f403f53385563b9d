import RosterCore
import RosterExternal
import Synchronization

/// Renames that people declare with `previous_names:`. The core hands a session only the backend's
/// settings, so the provider records them there while it resolves people, and the session reads
/// them when it opens. A new table is made each time a config is loaded.
public final class RenameTable: Sendable {
    private let table = Mutex<[String: [String]]>([:])

    public init() {}

    func record(_ name: String, previous: [String]) {
        table.withLock { $0[name, default: []] += previous }
    }

    var all: [String: [String]] { table.withLock { $0 } }
}

/// An ActiveLogic session: the provider program does the work; this adds what is ActiveLogic's
/// own on roster's side. A user still living under a previous name is reported under the new name
/// (with `name` the old one), so that the plan renames it instead of creating a second user.
struct ActiveLogicSession: ProviderSession {
    typealias Kind = ActiveLogicProvider.Kind

    let external: ExternalSession
    let renames: [String: [String]]

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        var wanted = interest
        for (name, previous) in renames where interest.wants(kind: Kind.user, key: [name]) {
            for old in previous { wanted.keys[Kind.user, default: []].insert([old]) }
        }
        var resources = try await external.fetch(wanted)
        for i in resources.indices {
            if let hosts = resources[i].attributes["hosts"]?.list {
                resources[i].attributes["hosts"] = .set(hosts.compactMap(\.string))
            }
        }
        return alias(resources)
    }

    /// Relabels the live objects of renamed users.
    func alias(_ resources: [Resource]) -> [Resource] {
        let names = Set(resources.filter { $0.id.kind == Kind.user }.map { $0.id.key[0] })
        var newName: [String: String] = [:]
        for (name, previous) in renames.sorted(by: { $0.key < $1.key }) where !names.contains(name) {
            if let old = previous.first(where: { names.contains($0) && renames[$0] == nil && newName[$0] == nil }) {
                newName[old] = name
            }
        }
        guard !newName.isEmpty else { return resources }
        return resources.map { resource in
            guard let owner = resource.id.key.first, let name = newName[owner] else { return resource }
            var copy = resource
            copy.id.key[0] = name
            if copy.id.kind == Kind.user { copy.attributes["name"] = .string(owner) }
            return copy
        }
    }

    func apply(_ change: Change) async throws -> ApplyResult { try await external.apply(change) }

    func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID> {
        try await external.passwordMismatches(resources)
    }

    func close() async { await external.close() }
}
