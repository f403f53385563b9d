import NIOSSL

/// Starts emulators by backend type: what `url: sandbox` and `roster sandbox` use.
public enum Sandbox {
    /// Backend types that have an emulator.
    public static let types = ["activelogic", "cloud", "ctera", "uyuni", "squirro"]

    /// Types whose sandbox is a module a provider program loads, not a server (see `ModuleSandbox`).
    public static let moduleTypes = ["activelogic"]

    /// The URL a client of `type` uses as it is, for an emulator served at `baseURL`: Uyuni's
    /// XML-RPC endpoint (`/rpc/api`, what Python's `xmlrpc.client.ServerProxy` takes); the base URL
    /// for the others, whose clients add their own paths.
    public static func clientURL(type: String, baseURL: String) -> String {
        type == "uyuni" ? baseURL + "/rpc/api" : baseURL
    }

    /// Prepares the module sandbox of `type`: its state file (seeded unless it exists) and the
    /// environment the provider program needs to load the sandbox's module.
    public static func prepareModule(type: String, seedPath: String?, statePath: String?,
                                     faults: FaultPlan? = nil) throws -> ModuleSandbox {
        switch type {
        case "activelogic": return try ActiveLogicSandbox.prepare(seedPath: seedPath, statePath: statePath, faults: faults)
        default: throw SandboxError("no module sandbox for backend type '\(type)'")
        }
    }

    /// An emulator of `type`, seeded from the YAML file at `seedPath` (or the built-in
    /// seed) unless `statePath` names an existing state file.
    public static func makeService(type: String, seedPath: String?, statePath: String?) throws -> any EmulatorService {
        switch type {
        case "uyuni":
            let seed = try seedPath.map { path throws(SandboxError) in try UyuniSeed.load(path: path) } ?? .default
            return try UyuniEmulator(seed: seed, statePath: statePath)
        case "ctera":
            let seed = try seedPath.map { path throws(SandboxError) in try CteraSeed.load(path: path) } ?? .default
            return try CteraEmulator(seed: seed, statePath: statePath)
        case "cloud":
            let seed = try seedPath.map { path throws(SandboxError) in try CloudSeed.load(path: path) } ?? .default
            return try CloudEmulator(seed: seed, statePath: statePath)
        case "squirro":
            let seed = try seedPath.map { path throws(SandboxError) in try SquirroSeed.load(path: path) } ?? .default
            return try SquirroEmulator(seed: seed, statePath: statePath)
        default:
            throw SandboxError("no sandbox for backend type '\(type)'; available: \(types.joined(separator: ", "))")
        }
    }

    /// Makes the emulator and serves it on loopback. The caller shuts the server down. Faults come
    /// from `faults` if given, else from the seed's `faults:` block.
    public static func start(
        type: String, seedPath: String? = nil, statePath: String? = nil, port: Int = 0, tls: NIOSSLContext? = nil,
        faults: FaultPlan? = nil
    ) async throws -> (server: EmulatorServer, service: any EmulatorService) {
        let service = try makeService(type: type, seedPath: seedPath, statePath: statePath)
        let plan = try FaultPlan.resolve(faults, seedPath: seedPath)
        let server = try await EmulatorServer.start(service: service, port: port, tls: tls)
        if let plan { server.faults = plan }
        return (server, service)
    }
}

/// A problem starting an emulator: an unknown type, a bad seed or state file.
/// `location` is `file:line:col` when the problem is in a seed file.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: String?

    public init(_ message: String, location: String? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }
}
