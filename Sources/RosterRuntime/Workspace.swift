import Foundation
import Logging
import RosterCore
import RosterSandbox

/// The live side of a run: an embedded emulator for each `url: sandbox` backend, and one session
/// per backend. Opened for one run and closed at its end, whatever happens.
public final class Workspace: Sendable {
    public let sessions: [String: any ProviderSession]
    private let servers: [EmulatorServer]
    private let modules: [ModuleSandbox]

    private init(sessions: [String: any ProviderSession], servers: [EmulatorServer], modules: [ModuleSandbox]) {
        self.sessions = sessions
        self.servers = servers
        self.modules = modules
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
        var servers: [EmulatorServer] = []
        var modules: [ModuleSandbox] = []
        do {
            for backend in loaded.backends {
                guard let provider = registry[backend.type] else { continue }
                if backend.tls.insecure {
                    let warning = TLSOptions.insecureWarning(backend: backend.name, url: backend.url,
                                                             at: backend.tls.insecureLocation)
                    FileHandle.standardError.write(Data((warning.description + "\n").utf8))
                }
                if backend.tls.allowPlaintext && PlaintextRule.isRemotePlaintext(backend.url) {
                    let warning = PlaintextRule.warning(backend: backend.name, url: backend.url, at: backend.tls.plaintextLocation)
                    FileHandle.standardError.write(Data((warning.description + "\n").utf8))
                }
                var url = backend.url
                var environment: [String: String] = [:]
                if backend.isSandbox {
                    if let state = backend.sandboxState {
                        let folder = URL(fileURLWithPath: state).deletingLastPathComponent()
                        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    }
                }
                if backend.isSandbox, Sandbox.moduleTypes.contains(backend.type) {
                    let module = try Sandbox.prepareModule(type: backend.type, seedPath: backend.sandboxSeed,
                                                           statePath: backend.sandboxState)
                    modules.append(module)
                    url = module.url
                    environment = module.environment
                } else if backend.isSandbox {
                    let (server, _) = try await Sandbox.start(type: backend.type, seedPath: backend.sandboxSeed,
                                                              statePath: backend.sandboxState)
                    servers.append(server)
                    url = server.baseURL
                    logger.info("sandbox started", metadata: ["backend": .string(backend.name), "url": .string(url)])
                }
                let context = SessionContext(url: url, mode: mode, logger: logger,
                                             parallelism: backend.parallelism ?? parallelism ?? 8,
                                             environment: environment, retry: RetryPolicy(backend.retry),
                                             tls: backend.tls)
                sessions[backend.name] = try await provider.connect(backend, context: context)
            }
        } catch {
            await Workspace(sessions: sessions, servers: servers, modules: modules).close()
            throw error
        }
        return Workspace(sessions: sessions, servers: servers, modules: modules)
    }

    func close() async {
        for session in sessions.values { await session.close() }
        for server in servers { try? await server.shutdown() }
        for module in modules { module.remove() }
    }
}
