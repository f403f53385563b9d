import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A real HTTP/1.1 server on loopback in front of one `EmulatorService`.
///
/// Each server owns a one-thread event loop group, so `shutdown()` closes every open
/// keep-alive connection along with the listening socket.
public final class EmulatorServer: Sendable {
    /// Request bodies above this size are answered with 413 and the connection closed.
    public static let defaultBodyLimit = 16 * 1024 * 1024

    public let service: any EmulatorService
    public let host: String
    public let port: Int
    /// Whether it serves HTTPS (`start(tls:)`).
    public let isTLS: Bool
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let faultPlan = Mutex(FaultPlan.none)
    /// Faults injected so far, by kind.
    public let injected: FaultCounters
    private let isShutDown = Mutex(false)

    private init(
        service: any EmulatorService, host: String, port: Int, isTLS: Bool,
        group: MultiThreadedEventLoopGroup, channel: any Channel, injected: FaultCounters
    ) {
        self.injected = injected
        self.service = service
        self.host = host
        self.port = port
        self.isTLS = isTLS
        self.group = group
        self.channel = channel
    }

    public static func start(
        service: any EmulatorService, host: String = "127.0.0.1", port: Int = 0,
        bodyLimit: Int = defaultBodyLimit, tls: NIOSSLContext? = nil
    ) async throws -> EmulatorServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = FaultPlanBox()
        let counters = FaultCounters()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            EmulatorHTTPHandler(service: service, faults: box.current, counters: counters, bodyLimit: bodyLimit))
                    }
                }
                .bind(host: host, port: port)
                .get()
            guard let boundPort = channel.localAddress?.port else {
                throw EmulatorServerError.noLocalAddress
            }
            let server = EmulatorServer(
                service: service, host: host, port: boundPort, isTLS: tls != nil, group: group, channel: channel,
                injected: counters)
            box.server.withLock { $0 = server }
            return server
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://HOST:PORT` (`https` with TLS), with brackets around an IPv6 host.
    public var baseURL: String {
        let scheme = isTLS ? "https" : "http"
        return host.contains(":") ? "\(scheme)://[\(host)]:\(port)" : "\(scheme)://\(host):\(port)"
    }

    /// A server context from PEM files of a certificate (chain) and its private key.
    public static func tlsContext(certificatePath: String, keyPath: String) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    }

    /// Faults applied from the next request on.
    public var faults: FaultPlan {
        get { faultPlan.withLock { $0 } }
        set { faultPlan.withLock { $0 = newValue } }
    }

    /// Closes the listener and every connection. Calling it again does nothing.
    public func shutdown() async throws {
        let alreadyDown = isShutDown.withLock { down in
            defer { down = true }
            return down
        }
        guard !alreadyDown else { return }
        try? await channel.close()
        try await group.shutdownGracefully()
    }
}

/// Lets connection handlers read the server's fault plan, which exists only once bound.
final class FaultPlanBox: Sendable {
    let server = Mutex<EmulatorServer?>(nil)

    var current: @Sendable () -> FaultPlan {
        { [self] in server.withLock { $0?.faults } ?? .none }
    }
}

public enum EmulatorServerError: Error, CustomStringConvertible {
    case noLocalAddress

    public var description: String {
        switch self {
        case .noLocalAddress: "the emulator server has no local address after binding"
        }
    }
}

/// Runs `body` with a server for `service` and shuts it down afterwards, also on error.
public func withEmulatorServer<T: Sendable>(
    _ service: any EmulatorService, port: Int = 0, _ body: (EmulatorServer) async throws -> T
) async throws -> T {
    let server = try await EmulatorServer.start(service: service, port: port)
    let result: T
    do {
        result = try await body(server)
    } catch {
        try? await server.shutdown()
        throw error
    }
    try await server.shutdown()
    return result
}
