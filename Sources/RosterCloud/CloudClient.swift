import Foundation
import Logging
import RosterCore
import RosterHTTP

/// JSON over HTTP with a bearer token: the admin logs in once (concurrent calls share the login),
/// and once more when the server answers 401 to a token it no longer knows.
final class CloudClient: Sendable {
    let backend: String
    let baseURL: String
    let email: String
    let password: Secret
    let paths: CloudPaths
    let transport: HTTPTransport
    let logger: Logger
    /// The admin's bearer token.
    private let session: LoginSession<String>

    init(backend: String, url: String, email: String, password: Secret, paths: CloudPaths, mode: SessionMode,
         logger: Logger, retry: RetryPolicy = RetryPolicy(), tls: TLSOptions = .init()) {
        self.backend = backend
        baseURL = ServerURL.trimmed(url)
        self.email = email
        self.password = password
        self.paths = paths
        self.logger = logger
        session = LoginSession(backend: backend, logger: logger, relogin: "token refused; logging in again")
        transport = HTTPTransport(backend: backend, mode: mode, logger: logger, tls: tls, retry: retry)
    }

    /// Sends one authenticated request and returns the body of a 2xx answer. A GET is a read; every
    /// other method changes the server.
    func request(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                 object: String? = nil) async throws -> Data {
        try await session.run(login: { _ in try await self.login() }, refused: Self.isRefusedToken) { token in
            try await self.send(method, path, query: query, body: body, token: token, object: object)
        }
    }

    static func isRefusedToken(_ outcome: Result<Data, any Error>) -> Bool {
        guard case .failure(let error as CloudAPIError) = outcome else { return false }
        return error.status == 401
    }

    /// `POST login {email, password}` → `{token}`. Logging in changes nothing, so a read-only
    /// session may do it.
    func login() async throws -> String {
        let body = try Self.json(["email": email, "password": password.reveal()])
        let data = try await send(paths.login.method, paths.login.path, body: body, token: nil, object: email,
                                  mutating: false)
        guard let reply = try? JSONNesting.decode(LoginReply.self, from: data), !reply.token.isEmpty else {
            throw RosterError(backend: backend, operation: "\(paths.login.method) \(paths.login.path)", object: email,
                              message: "the login answer has no 'token'")
        }
        return reply.token
    }

    private func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data?, token: String?,
                      object: String?, mutating: Bool? = nil) async throws -> Data {
        var url = baseURL + path
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&") }
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", "roster")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let operation = "\(method) \(path)"
        let reply = try await transport.send(HTTPRequestSpec(method: method, url: url, headers: headers, body: body.map(Array.init),
                                                             mutating: mutating ?? (method != "GET"), operation: operation))
        guard (200..<300).contains(reply.status) else {
            throw CloudAPIError(backend: backend, operation: operation, object: object, status: reply.status,
                                body: Data(reply.body))
        }
        return Data(reply.body)
    }

    /// A JSON request body (`NSNull()` for null).
    static func json(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func close() async { await transport.shutdown() }
}

struct LoginReply: Decodable {
    var token: String
}

/// An error answer of the platform: `{"detail": {...}, "error": "..."}` (422 validation errors carry
/// the field locations in `detail`, and may say `message` instead of `error`).
struct CloudAPIError: Error, Sendable, CustomStringConvertible {
    var backend: String
    var operation: String
    var object: String?
    var status: Int
    var error: String
    /// `detail` as compact JSON, e.g. `{"json":{"priority":["Not a valid integer."]}}`.
    var detail: String?

    init(backend: String, operation: String, object: String?, status: Int, body: Data) {
        self.backend = backend
        self.operation = operation
        self.object = object
        self.status = status
        let json = JSONNesting.tooDeep(body) ? nil : (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        error = (json?["error"] as? String) ?? (json?["message"] as? String)
            ?? String(Redactor.shared.scrub(String(decoding: body.prefix(1 << 16), as: UTF8.self)).prefix(200))
        if let detail = json?["detail"], !((detail as? [String: Any])?.isEmpty ?? false),
           let data = try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys, .fragmentsAllowed]) {
            self.detail = String(decoding: data, as: UTF8.self)
        }
    }

    var description: String {
        RosterError(backend: backend, operation: operation, object: object, code: .http(status),
                    message: error + (detail.map { " \($0)" } ?? "")).description
    }
}
