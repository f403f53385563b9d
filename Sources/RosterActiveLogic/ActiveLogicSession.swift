import RosterCore
import RosterExternal

/// An ActiveLogic session: the provider program does the work; this adds what is ActiveLogic's
/// own on roster's side. Renames are the core's (`previous_names:`): the plan's update carries the
/// old `name` before and the new one after.
struct ActiveLogicSession: ProviderSession {
    typealias Kind = ActiveLogicProvider.Kind

    let external: ExternalSession

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        var resources = try await external.fetch(interest)
        for i in resources.indices {
            if let hosts = resources[i].attributes["hosts"]?.list {
                resources[i].attributes["hosts"] = .set(hosts.compactMap(\.string))
            }
        }
        return resources
    }

    func apply(_ change: Change) async throws -> ApplyResult { try await external.apply(change) }

    func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID> {
        try await external.passwordMismatches(resources)
    }

    func close() async { await external.close() }
}
