import Logging
import RosterCore
import RosterHTTP
import XMLRPC

/// XML-RPC calls to `/rpc/api` with a session key that is fetched once, shared by concurrent
/// calls, and renewed once when the server no longer knows it.
final class UyuniClient: Sendable {
    let backend: String
    let endpoint: String
    let username: String
    let password: Secret
    let transport: HTTPTransport
    let logger: Logger
    /// The session key.
    private let session: LoginSession<String>

    init(backend: String, url: String, username: String, password: Secret, mode: SessionMode, logger: Logger,
         retry: RetryPolicy = RetryPolicy(), tls: TLSOptions = .init()) {
        self.backend = backend
        self.endpoint = Self.endpoint(for: url)
        self.username = username
        self.password = password
        self.logger = logger
        session = LoginSession(backend: backend, logger: logger)
        transport = HTTPTransport(backend: backend, mode: mode, logger: logger, tls: tls, retry: retry)
    }

    /// `https://host` and `https://host/` mean `https://host/rpc/api`; a full path is kept.
    static func endpoint(for url: String) -> String {
        let base = ServerURL.trimmed(url)
        return ServerURL.hasPath(base) ? base : base + "/rpc/api"
    }

    /// Methods that only read; everything else changes the server.
    static func isReadOnly(_ method: String) -> Bool {
        if method.hasPrefix("auth.") || method.hasPrefix("api.") { return true }
        let name = method.split(separator: ".").last.map(String.init) ?? method
        return name.hasPrefix("list") || name.hasPrefix("get")
    }

    /// Calls `method` with the session key first, then `params`; a session fault logs in once more.
    func call(_ method: String, _ params: [XMLRPCValue], object: String? = nil) async throws -> XMLRPCValue {
        try await session.run(login: { _ in try await self.login() }, refused: Self.isSessionFault) { key in
            try await self.send(method, [.string(key)] + params, object: object)
        }
    }

    static func isSessionFault(_ outcome: Result<XMLRPCValue, any Error>) -> Bool {
        guard case .failure(let fault as UyuniFault) = outcome else { return false }
        return fault.isSessionFault
    }

    func login() async throws -> String {
        let value = try await send("auth.login", [.string(username), .string(password.reveal())], object: username)
        guard let key = value.string else {
            throw RosterError(backend: backend, operation: "auth.login", message: "the server answered no session key")
        }
        return key
    }

    private func send(_ method: String, _ params: [XMLRPCValue], object: String?) async throws -> XMLRPCValue {
        let body = XMLRPCMethodCall(methodName: method, params: params).encoded()
        let reply = try await transport.send(HTTPRequestSpec(
            method: "POST", url: endpoint, headers: [("Content-Type", "text/xml"), ("User-Agent", "roster")],
            body: body, mutating: !Self.isReadOnly(method), operation: method))
        guard reply.status == 200 else {
            throw RosterError(backend: backend, operation: method, object: object, code: .http(reply.status),
                              message: "unexpected HTTP status from \(endpoint)")
        }
        let response: XMLRPCResponse
        do { response = try XMLRPCResponse.decode(reply.body) } catch {
            throw RosterError(backend: backend, operation: method, object: object,
                              message: "unreadable XML-RPC response: \(error)")
        }
        switch response {
        case .success(let value): return value
        case .fault(let code, let string): throw UyuniFault(backend: backend, method: method, object: object,
                                                             code: code, string: string)
        }
    }

    func close() async {
        if let key = await session.current { _ = try? await send("auth.logout", [.string(key)], object: nil) }
        await transport.shutdown()
    }
}

/// An XML-RPC fault from the server, with its faultCode and faultString.
struct UyuniFault: Error, Sendable, CustomStringConvertible {
    var backend: String
    var method: String
    var object: String?
    var code: Int
    var string: String

    /// The faults of a session key the server no longer knows (§1.3 of the reference).
    var isSessionFault: Bool {
        code == -1 && (string.contains("LookupException: Could not find session")
            || string.contains("InvalidSessionIdException"))
    }

    var description: String {
        RosterError(backend: backend, operation: method, object: object, code: .fault(code), message: string)
            .description
    }
}
