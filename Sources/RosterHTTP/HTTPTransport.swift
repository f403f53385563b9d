import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import RosterCore

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
    /// Whether sending it twice leaves the same state as sending it once, so that it may be re-sent
    /// when its answer is lost. By default a read or a PUT (see `RetryPolicy`).
    public var idempotent: Bool

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                mutating: Bool, operation: String, idempotent: Bool? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.mutating = mutating
        self.operation = operation
        self.idempotent = idempotent ?? (!mutating || method == "PUT")
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
    /// Direct connections; `proxied` holds one client per proxy of the environment.
    let client: HTTPClient
    let proxied: [ProxySettings.Proxy: HTTPClient]
    let proxies: ProxySettings
    /// Plain `http://` requests that no proxy takes (see `PlainHTTP`); nil when
    /// `ROSTER_HTTP_CLIENT=general` sends every request through the general client.
    let plain: PlainHTTP?
    let logger: Logger
    let timeout: TimeAmount
    /// Retries of failed requests (`retry:` of the backend).
    public let retry: RetryPolicy
    static let maxBody = 64 * 1024 * 1024

    /// `tls` is the backend's `ca_file:`/`insecure:`; by default certificates are fully verified
    /// against the system's roots. `proxies` are the environment's (`HTTPS_PROXY`, `HTTP_PROXY`,
    /// `NO_PROXY`) unless given.
    public init(backend: String, mode: SessionMode, logger: Logger, timeout: Duration = .seconds(60),
                connections: Int = 16, tls: TLSOptions = .init(), retry: RetryPolicy = RetryPolicy(),
                proxies: ProxySettings? = nil) {
        self.backend = backend
        self.retry = retry
        self.mode = mode
        self.logger = logger
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        let proxies = proxies ?? tls.proxy.map { ProxySettings(backend: $0.reveal()) }
            ?? ProxySettings(environment: ProcessInfo.processInfo.environment)
        self.proxies = proxies
        let configuration = Self.configuration(connections: connections, timeout: self.timeout, tls: tls)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var proxied: [ProxySettings.Proxy: HTTPClient] = [:]
        for proxy in Set([proxies.https, proxies.http].compactMap { $0 }) {
            var through = configuration
            through.proxy = proxy.client
            proxied[proxy] = HTTPClient(eventLoopGroupProvider: .singleton, configuration: through)
        }
        self.proxied = proxied
        plain = !Self.plainAllowed ? nil : PlainHTTP(limit: connections, timeout: timeout, maxBody: Self.maxBody)
    }

    /// False when `ROSTER_HTTP_CLIENT=general` sends every request through the general client.
    static var plainAllowed: Bool { IOExecutor.plainHTTP }

    static func configuration(connections: Int, timeout: TimeAmount, tls: TLSOptions) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // A connection that cannot be opened fails the try at once: roster's own retry loop decides
        // whether to try again, so a refused certificate is reported at once, not after the connect
        // timeout, and a server that is down costs the policy's tries, not the client's hidden ones.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10), read: timeout)
        configuration.redirectConfiguration = .disallow
        if let tls = tls.configuration() { configuration.tlsConfiguration = tls }
        return configuration
    }

    /// Sends a request, retrying it as `retry` allows; in a read-only session a mutating request
    /// throws and is never sent. A mutating request that may have landed is not re-sent: it throws
    /// a `RosterError` with `outcomeUnknown`.
    public func send(_ spec: HTTPRequestSpec) async throws -> HTTPReply {
        if spec.mutating && mode == .readOnly {
            throw RosterError(backend: backend, operation: spec.operation,
                              message: "refused: a read-only session cannot send a mutating request")
        }
        return try await sendRetrying(spec)
    }

    /// One try: the answer, or the error as the HTTP client raised it.
    func sendOnce(_ spec: HTTPRequestSpec) async throws -> HTTPReply {
        let proxy = proxies.proxy(for: spec.url)
        if proxy == nil, let plain, let (server, path) = PlainHTTPServer.parse(spec.url) {
            return try await sendPlain(spec, plain, PlainHTTP.Request(method: spec.method, server: server, path: path,
                                                                      headers: spec.headers, body: spec.body))
        }
        var request = HTTPClientRequest(url: spec.url)
        request.method = HTTPMethod(rawValue: spec.method)
        for header in spec.headers { request.headers.add(name: header.name, value: header.value) }
        if let body = spec.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let client = proxy.flatMap { proxied[$0] } ?? self.client
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: timeout)
            var buffer = try await response.body.collect(upTo: Self.maxBody)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            log(spec, status: String(response.status.code), since: start)
            return HTTPReply(status: Int(response.status.code),
                             headers: response.headers.map { (name: $0.name, value: $0.value) }, body: bytes)
        } catch {
            log(spec, status: "no answer", since: start)
            throw error
        }
    }

    private func sendPlain(_ spec: HTTPRequestSpec, _ plain: PlainHTTP, _ request: PlainHTTP.Request) async throws -> HTTPReply {
        let start = ContinuousClock.now
        do {
            let answer = try await plain.send(request)
            log(spec, status: String(answer.status), since: start)
            return HTTPReply(status: answer.status, headers: answer.headers, body: answer.body)
        } catch {
            log(spec, status: "no answer", since: start)
            throw error
        }
    }

    /// One request at debug level: backend, operation, object (the URL's path, without its query,
    /// which may carry a token; the executor's `action` line names the object of an XML-RPC call),
    /// status and duration. The CLI's log handler scrubs any secret all the same.
    func log(_ spec: HTTPRequestSpec, status: String, since start: ContinuousClock.Instant) {
        // Nothing is worked out for a line that is not logged (this runs for every request).
        guard logger.logLevel <= .debug else { return }
        let elapsed = start.duration(to: .now)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let path = URLComponents(string: spec.url)?.percentEncodedPath ?? "-"
        logger.debug("request", metadata: ["backend": .string(backend), "operation": .string(spec.operation),
                                           "object": .string(path.isEmpty ? "/" : path), "status": .string(status),
                                           "duration_ms": .stringConvertible(milliseconds)])
    }

    public func shutdown() async {
        plain?.shutdown()
        try? await client.shutdown()
        for other in proxied.values { try? await other.shutdown() }
    }

    /// A transport dropped without `shutdown()` (a session whose sign-in failed, a test that threw)
    /// still releases its connections: the client stays alive until its pool has closed. After a
    /// `shutdown()` this asks again and is told it already was, which is ignored.
    deinit {
        plain?.shutdown()
        client.shutdown(queue: .global()) { _ in }
        for other in proxied.values { other.shutdown(queue: .global()) { _ in } }
    }

    static func host(of url: String) -> String { ServerURL.host(of: url) }
}
