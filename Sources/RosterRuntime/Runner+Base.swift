import Foundation
import RosterCore

/// `roster plan --base REF`: a plan of an untrusted change, safe by construction.
extension Runner {
    /// Plans the config at `path` with the connection settings of revision `base` of its git
    /// repository; backends the change adds, removes or reconnects are not contacted. Without
    /// `full`, only the people the change touches (and the objects of no person) are read.
    ///
    /// Both configs load on another thread while the backends the change leaves alone are
    /// connected (as the base says, read from the `backends:` blocks alone) and their listings
    /// started; the full load then decides: should it reach the backends otherwise, the early
    /// sessions are closed unread and the plan connects as the load says. A config error is
    /// reported before a connection's. Only the base's connection settings are ever used.
    public func planAgainstBase(path: String, base: String, full: Bool, targets: [String] = [],
                                excludes: [String] = []) async throws -> Plan {
        let revision = try BaseRevision.checkout(base, configPath: path)
        defer { revision.remove() }
        let pipeline = self.pipeline
        let loading = Task {
            try await Self.onThread {
                try pipeline.load(path: path, basePath: revision.config, base: base, full: full,
                                  targets: targets, excludes: excludes)
            }
        }
        guard let early = pipeline.earlyBackends(path: path, basePath: revision.config, targets: targets) else {
            return try await plan(try await loading.value)
        }
        let workspace: Workspace
        do {
            workspace = try await Workspace.open(early, mode: .readOnly, registry: pipeline.registry, logger: logger,
                                                 parallelism: nil, listing: true)
        } catch {
            // A config error is told first; a backend the full load would not contact is not
            // the plan's failure.
            let loaded = try await loading.value
            guard Pipeline.sameConnections(early.backends, loaded.backends) else { return try await plan(loaded) }
            throw error
        }
        do {
            let loaded = try await loading.value
            guard Pipeline.sameConnections(early.backends, loaded.backends) else {
                await workspace.close()
                return try await plan(loaded)
            }
            let live = try await pipeline.fetch(loaded, sessions: workspace.sessions)
            let plan = try checkedPlan(loaded, live: live)
            await workspace.close()
            return plan
        } catch {
            await workspace.close()
            throw error
        }
    }

    /// `body` on a thread of its own (a long load), not on one of the few that run tasks.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
