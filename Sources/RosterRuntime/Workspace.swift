import Foundation
import Logging
import RosterCore
import RosterSandbox

/// The live side of a run: an embedded emulator for each `url: sandbox` backend, and one session
/// per backend. Opened for one run and closed at its end, whatever happens.
public final class Workspace: Sendable {
    public let sessions: [String: any ProviderSession]
    private let sandboxes: [LaunchedSandbox]

    private init(sessions: [String: any ProviderSession], sandboxes: [LaunchedSandbox]) {
        self.sessions = sessions
        self.sandboxes = sandboxes
    }

    /// Runs `body` with sessions to every backend of `loaded`, then closes them.
    public static func with<T: Sendable>(_ loaded: Pipeline.Loaded, mode: SessionMode, registry: ProviderRegistry,
                                         logger: Logger, parallelism: Int? = nil,
                                         _ body: (Workspace) async throws -> T) async throws -> T {
        let workspace = try await open(loaded, mode: mode, registry: registry, logger: logger, parallelism: parallelism)
        do {
            let result = try await body(workspace)
            await workspace.close()
            return result
        } catch {
            await workspace.close()
            throw error
        }
    }

    static func open(_ loaded: Pipeline.Loaded, mode: SessionMode, registry: ProviderRegistry, logger: Logger,
                     parallelism: Int?) async throws -> Workspace {
        var sessions: [String: any ProviderSession] = [:]
        var sandboxes: [LaunchedSandbox] = []
        do {
            for backend in loaded.backends {
                guard let provider = registry[backend.type] else { continue }
                var url = backend.url
                var environment: [String: String] = [:]
                if backend.isSandbox {
                    let sandbox = try await SandboxLaunch(type: backend.type, seedPath: backend.sandboxSeed,
                                                          statePath: backend.sandboxState).start()
                    sandboxes.append(sandbox)
                    url = sandbox.url
                    environment = sandbox.environment
                    if case .server = sandbox {
                        logger.info("sandbox started", metadata: ["backend": .string(backend.name), "url": .string(url)])
                    }
                }
                let context = SessionContext(url: url, mode: mode, logger: logger,
                                             parallelism: backend.parallelism ?? parallelism ?? 8,
                                             environment: environment, retry: RetryPolicy(backend.retry),
                                             tls: backend.tls)
                sessions[backend.name] = try await provider.connect(backend, context: context)
            }
        } catch {
            await Workspace(sessions: sessions, sandboxes: sandboxes).close()
            throw error
        }
        return Workspace(sessions: sessions, sandboxes: sandboxes)
    }

    func close() async {
        for session in sessions.values { await session.close() }
        for sandbox in sandboxes { await sandbox.stop() }
    }
}
