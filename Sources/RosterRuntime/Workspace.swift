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

    /// Connects to every backend at once (a sign-in is a round trip or two; a provider program
    /// starts and lists). With `listing`, each session starts its listings as soon as it is open
    /// (`startListings`). Should one fail, those opened are closed and the first failure thrown.
    static func open(_ loaded: Pipeline.Loaded, mode: SessionMode, registry: ProviderRegistry, logger: Logger,
                     parallelism: Int?, listing: Bool = false) async throws -> Workspace {
        typealias Opened = (name: String, session: (any ProviderSession)?, sandbox: LaunchedSandbox?, error: (any Error)?)
        var sessions: [String: any ProviderSession] = [:]
        var sandboxes: [LaunchedSandbox] = []
        var failure: (any Error)?
        await withTaskGroup(of: Opened.self) { group in
            for backend in loaded.backends {
                guard let provider = registry[backend.type] else { continue }
                group.addTask {
                    var sandbox: LaunchedSandbox?
                    do {
                        var url = backend.url
                        var environment: [String: String] = [:]
                        if backend.isSandbox {
                            let started = try await SandboxLaunch(type: backend.type, seedPath: backend.sandboxSeed,
                                                                  statePath: backend.sandboxState).start()
                            sandbox = started
                            url = started.url
                            environment = started.environment
                            if case .server = started {
                                logger.info("sandbox started", metadata: ["backend": .string(backend.name), "url": .string(url)])
                            }
                        }
                        let context = SessionContext(url: url, mode: mode, logger: logger,
                                                     parallelism: backend.parallelism ?? parallelism ?? 8,
                                                     environment: environment, retry: RetryPolicy(backend.retry),
                                                     tls: backend.tls)
                        let session = try await provider.connect(backend, context: context)
                        if listing { session.startListings() }
                        return (backend.name, session, sandbox, nil)
                    } catch {
                        return (backend.name, nil, sandbox, error)
                    }
                }
            }
            // In the config's order, so that the failure told is the first backend's.
            var opened: [String: Opened] = [:]
            for await result in group { opened[result.name] = result }
            for backend in loaded.backends {
                guard let result = opened[backend.name] else { continue }
                if let session = result.session { sessions[backend.name] = session }
                if let sandbox = result.sandbox { sandboxes.append(sandbox) }
                if failure == nil, let error = result.error { failure = error }
            }
        }
        let workspace = Workspace(sessions: sessions, sandboxes: sandboxes)
        if let failure {
            await workspace.close()
            throw failure
        }
        return workspace
    }

    /// Closes every session at once (a provider program is waited for), then stops the sandboxes.
    func close() async {
        await withTaskGroup(of: Void.self) { group in
            for session in sessions.values { group.addTask { await session.close() } }
        }
        for sandbox in sandboxes { await sandbox.stop() }
    }
}
