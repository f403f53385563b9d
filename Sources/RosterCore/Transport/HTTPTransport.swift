import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP request as a provider describes it: whether it changes anything is part of it, so a
/// read-only session can refuse it before a byte is sent.
public struct HTTPRequestSpec: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// True for every request that changes the remote system.
    public var mutating: Bool
    /// The vendor-level operation, for errors and logs (`user.create`, `POST /users`).
    public var operation: String

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                mutating: Bool, operation: String) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.mutating = mutating
        self.operation = operation
    }
}

public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The HTTP layer every provider shares: one connection pool per session, keep-alive, timeouts,
/// and the read-only guard that makes a dry run structural.
public final class HTTPTransport: Sendable {
    public let backend: String
    public let mode: SessionMode
    let client: HTTPClient
    let logger: Logger
    let timeout: TimeAmount
    static let maxBody = 64 * 1024 * 1024

    /// `tls` is the backend's `ca_file:`/`insecure:`; by default certificates are fully verified
    /// against the system's roots.
    public init(backend: String, mode: SessionMode, logger: Logger, timeout: Duration = .seconds(60),
                connections: Int = 16, tls: TLSOptions = .init()) {
        self.backend = backend
        self.mode = mode
        self.logger = logger
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: self.timeout)
        configuration.redirectConfiguration = .disallow
        if let tls = tls.configuration() { configuration.tlsConfiguration = tls }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends a request; in a read-only session a mutating request throws and is never sent.
    public func send(_ spec: HTTPRequestSpec) async throws -> HTTPReply {
        if spec.mutating && mode == .readOnly {
            throw RosterError(backend: backend, operation: spec.operation,
                              message: "refused: a read-only session cannot send a mutating request")
        }
        var request = HTTPClientRequest(url: spec.url)
        request.method = HTTPMethod(rawValue: spec.method)
        for header in spec.headers { request.headers.add(name: header.name, value: header.value) }
        if let body = spec.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        logger.debug("request", metadata: ["backend": .string(backend), "operation": .string(spec.operation)])
        do {
            let response = try await client.execute(request, timeout: timeout)
            var buffer = try await response.body.collect(upTo: Self.maxBody)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return HTTPReply(status: Int(response.status.code),
                             headers: response.headers.map { (name: $0.name, value: $0.value) }, body: bytes)
        } catch let error as RosterError {
            throw error
        } catch {
            throw RosterError(backend: backend, operation: spec.operation,
                              message: Self.failure(spec.url, error))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    static func host(of url: String) -> String {
        URL(string: url).map { "\($0.scheme ?? "http")://\($0.host ?? "")\($0.port.map { ":\($0)" } ?? "")" } ?? url
    }
}
