import Foundation
import RosterCore

/// `roster plan --base REF`: a plan of an untrusted change, safe by construction.
extension Runner {
    /// Plans the config at `path` with the connection settings of revision `base` of its git
    /// repository; backends the change adds, removes or reconnects are not contacted. Without
    /// `full`, only the people the change touches (and the objects of no person) are read.
    public func planAgainstBase(path: String, base: String, full: Bool, targets: [String] = [],
                                excludes: [String] = []) async throws -> Plan {
        let revision = try BaseRevision.checkout(base, configPath: path)
        defer { revision.remove() }
        let loaded = try pipeline.load(path: path, basePath: revision.config, base: base, full: full,
                                       targets: targets, excludes: excludes)
        return try await plan(loaded)
    }
}
