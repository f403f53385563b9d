import Foundation
import RosterSandbox

/// One emulator to start on loopback, or one module sandbox to prepare: the single way roster
/// launches a sandbox, for a `url: sandbox` backend of a run (`Workspace`) as for `roster sandbox`.
public struct SandboxLaunch: Sendable {
    /// PEM files to serve HTTPS with.
    public struct TLS: Sendable, Equatable {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    public var type: String
    /// A seed replacing the built-in one.
    public var seedPath: String?
    /// Where the emulator keeps its state across runs; its folder is made when missing.
    public var statePath: String?
    /// A fixed port for a server; 0 takes an ephemeral one. A module sandbox takes none.
    public var port: Int
    public var tls: TLS?
    /// Faults to inject, instead of the seed's `faults:` block.
    public var faults: FaultPlan?

    public init(type: String, seedPath: String? = nil, statePath: String? = nil, port: Int = 0, tls: TLS? = nil,
                faults: FaultPlan? = nil) {
        self.type = type
        self.seedPath = seedPath
        self.statePath = statePath
        self.port = port
        self.tls = tls
        self.faults = faults
    }

    /// Whether the sandbox of this type is a module a provider program loads, not a server.
    public var isModule: Bool { Sandbox.moduleTypes.contains(type) }

    /// Starts the emulator (or prepares the module). The caller stops it.
    public func start() async throws -> LaunchedSandbox {
        if let statePath {
            let folder = URL(fileURLWithPath: statePath).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        if isModule {
            return .module(try Sandbox.prepareModule(type: type, seedPath: seedPath, statePath: statePath, faults: faults))
        }
        let context = try tls.map { try EmulatorServer.tlsContext(certificatePath: $0.certificate, keyPath: $0.key) }
        let (server, _) = try await Sandbox.start(type: type, seedPath: seedPath, statePath: statePath, port: port,
                                                  tls: context, faults: faults)
        return .server(server)
    }
}

/// A sandbox that `SandboxLaunch.start()` started.
public enum LaunchedSandbox: Sendable {
    case server(EmulatorServer)
    case module(ModuleSandbox)

    /// What a session connects to: the server's base URL, or the module's `file://` state URL.
    public var url: String {
        switch self {
        case .server(let server): server.baseURL
        case .module(let module): module.url
        }
    }

    /// Added to a provider program's environment to load a module sandbox; empty for a server.
    public var environment: [String: String] {
        switch self {
        case .server: [:]
        case .module(let module): module.environment
        }
    }

    /// Shuts the server down, or removes the module's scratch state.
    public func stop() async {
        switch self {
        case .server(let server): try? await server.shutdown()
        case .module(let module): module.remove()
        }
    }
}
