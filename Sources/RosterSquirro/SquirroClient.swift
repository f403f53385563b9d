import Foundation
import Logging
import RosterCore
import RosterHTTP

/// JSON over HTTPS to the Squirro user API at `{url}/api/user`, with a bearer access token from
/// the OAuth2 refresh-token exchange. A 401 is answered with one refresh and one retry.
final class SquirroClient: Sendable {
    let backend: String
    let base: String
    let tenant: String
    let settings: SquirroProvider.Settings
    let transport: HTTPTransport
    let logger: Logger
    /// The access token, with the refresh token it came with.
    let tokens: LoginSession<SquirroTokens>

    init(backend: String, url: String, settings: SquirroProvider.Settings, mode: SessionMode, logger: Logger,
         retry: RetryPolicy = RetryPolicy(), tls: TLSOptions = .init()) {
        self.backend = backend
        self.base = Self.base(for: url)
        self.tenant = settings.tenant
        self.settings = settings
        self.logger = logger
        tokens = LoginSession(backend: backend, logger: logger, relogin: "access token refused; refreshing once")
        transport = HTTPTransport(backend: backend, mode: mode, logger: logger, tls: tls, retry: retry)
    }

    /// `https://host` means `https://host/api/user` (as `SquirroClient(cluster=...)`); a URL that
    /// already ends in `/api/user` is kept.
    static func base(for url: String) -> String {
        ServerURL.root(url, appending: "/api/user", keeping: ["/api/user"])
    }

    /// Sends one call; any status outside `expect` is an error carrying the server's `error`.
    /// The SDK rejects another 2xx as well, and so does roster.
    @discardableResult
    func call(_ method: String, _ path: String, query: [(String, String)] = [], body: SquirroBody? = nil,
              expect: [Int], operation: String, object: String? = nil) async throws -> SquirroJSON {
        let reply = try await tokens.run(login: { try await self.exchange($0) },
                                         refused: { (try? $0.get())?.status == 401 }) { tokens in
            try await self.send(method, path, query: query, body: body, access: tokens.access, operation: operation)
        }
        guard let json = SquirroJSON.squirroAnswer(reply.body) else {
            throw RosterError(backend: backend, operation: operation, object: object, code: .http(reply.status),
                              message: "the answer is not JSON")
        }
        guard expect.contains(reply.status) else {
            throw RosterError(backend: backend, operation: operation, object: object, code: .http(reply.status),
                              message: Self.errorText(json) ?? "unexpected status (expected \(expect.map(String.init).joined(separator: " or ")))")
        }
        return json
    }

    private func send(_ method: String, _ path: String, query: [(String, String)], body: SquirroBody?, access: String,
                      operation: String) async throws -> HTTPReply {
        var headers = [("Accept", "application/json"), ("User-Agent", "roster"), ("Authorization", "Bearer \(access)")]
        if let body { headers.append(("Content-Type", body.contentType)) }
        return try await transport.send(HTTPRequestSpec(
            method: method, url: base + path + Self.queryString(query), headers: headers.map { (name: $0.0, value: $0.1) },
            body: body?.bytes ?? (method == "GET" ? nil : []), mutating: method != "GET", operation: operation))
    }

    static func queryString(_ query: [(String, String)]) -> String {
        query.isEmpty ? "" : "?" + query.map { "\(SquirroBody.formEscape($0.0))=\(SquirroBody.formEscape($0.1))" }
            .joined(separator: "&")
    }

    /// A query boolean as the SDK renders it (Python's `True`/`False`).
    static func flag(_ value: Bool) -> String { value ? "True" : "False" }

    /// The `error` of an error body, a string or an object.
    static func errorText(_ json: SquirroJSON) -> String? {
        switch json["error"] {
        case .string(let text)?: text
        case .object(let object)?: object["message"]?.string ?? object.keys.sorted().joined(separator: ", ")
        default: json["msg"]?.string
        }
    }

    /// The percent-escaped path segment of an id.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func close() async { await transport.shutdown() }
}
