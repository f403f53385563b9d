import Foundation
import RosterCore

/// `roster import`: the live state of some backends, written as a config.
extension Runner {
    public struct ImportResult: Sendable {
        /// The config, as YAML.
        public var text: String
        /// Environment variables the config reads (its secret placeholders and kept references).
        public var environment: [String]
        public var warnings: [String]
    }

    /// Reads every object of the named backends through read-only sessions and writes them as a
    /// config. Only the config's `backends` are used: its people are not resolved, so nothing they
    /// say (a rename, say) colours what is read. `outputFolder` is where the config will be written.
    public func importLive(configPath: String, backends names: [String], outputFolder: String?) async throws -> ImportResult {
        let config = try pipeline.loader.load(path: configPath, backendsOnly: true)
        if !config.warnings.isEmpty { onWarnings?(config.warnings) }
        var backends: [BackendConfig] = []
        for name in names where !backends.contains(where: { $0.name == name }) {
            guard let backend = config.backend(named: name) else {
                throw DiagnosticError([.error("--backend names unknown backend '\(name)'", at: nil,
                                              notes: Suggestion.note(for: name, in: config.backends.map(\.name)))])
            }
            backends.append(backend)
        }
        let loaded = Pipeline.Loaded(config: config, backends: backends)
        let registry = pipeline.registry
        let sources = try await Workspace.with(loaded, mode: .readOnly, registry: registry, logger: logger) { workspace in
            try await withThrowingTaskGroup(of: Importer.Source.self) { group in
                for backend in backends {
                    guard let session = workspace.sessions[backend.name], let provider = registry[backend.type] else { continue }
                    group.addTask {
                        let live = try await session.fetch(FetchInterest(everything: true))
                        let block = BackendBlock(backend, secretKeys: provider.secretSettingKeys,
                                                 configFolder: config.baseDirectory, outputFolder: outputFolder)
                        return Importer.Source(name: backend.name, block: block.value,
                                               export: provider.export(live, backend: backend), environment: block.environment)
                    }
                }
                var sources: [Importer.Source] = []
                for try await source in group { sources.append(source) }
                return sources
            }
        }
        let document = Importer().document(sources)
        let header = "# Written by roster import from \(configPath) (backends: \(names.joined(separator: ", "))).\n"
        return ImportResult(text: header + YAMLEmitter.emit(document),
                            environment: Array(Set(sources.flatMap(\.environment))).sorted(),
                            warnings: sources.sorted { $0.name < $1.name }.flatMap(\.export.warnings))
    }
}
