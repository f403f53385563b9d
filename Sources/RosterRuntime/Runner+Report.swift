import Foundation
import RosterCore

extension Runner {
    /// The access review of some backends (all when `backends` is empty): every live object read
    /// through read-only sessions, set against the config's people and teams.
    public func report(_ loaded: Pipeline.Loaded, backends names: [String], window: Int = 30) async throws -> AccessReport {
        var loaded = loaded
        if !names.isEmpty {
            for name in names where loaded.config.backend(named: name) == nil {
                throw DiagnosticError([.error("--backend names unknown backend '\(name)'", at: nil,
                                              notes: Suggestion.note(for: name, in: loaded.config.backends.map(\.name)))])
            }
            loaded.backends = loaded.config.backends.filter { names.contains($0.name) }
        }
        let scope = loaded
        let live = try await Workspace.with(scope, mode: .readOnly, registry: pipeline.registry, logger: logger) { workspace in
            try await withThrowingTaskGroup(of: (String, [Resource]).self) { group in
                for backend in scope.backends {
                    guard let session = workspace.sessions[backend.name] else { continue }
                    group.addTask { (backend.name, try await session.fetch(FetchInterest(everything: true))) }
                }
                var live: [String: [Resource]] = [:]
                for try await (name, resources) in group { live[name] = resources }
                return live
            }
        }
        let loader = pipeline.loader
        var builder = AccessReportBuilder(registry: pipeline.registry, today: loader.day(for: loaded.config))
        builder.window = window
        builder.expireTo = loaded.config.expireTo
        return builder.build(backends: loaded.backends, desired: loaded.desired, people: loader.people(of: loaded.config),
                             grants: loader.expiringGrants(of: loaded.config), live: live)
    }
}
