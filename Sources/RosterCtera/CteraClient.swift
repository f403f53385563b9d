import CteraXML
import Logging
import RosterCore
import RosterHTTP

/// CTERA Portal's management API over HTTPS: a form login gives a `JSESSIONID` cookie that every
/// later request carries; the session is bootstrapped as the SDK does, a tenant is browsed with
/// `PUT currentPortal`, and a 302 to the login page means the session is gone: log in once more.
final class CteraClient: Sendable {
    let backend: String
    /// `https://host/admin/api`.
    let root: String
    let username: String
    let password: Secret
    /// The team portal to manage; nil for Global Administration.
    let tenant: String?
    let transport: HTTPTransport
    let logger: Logger
    /// The `JSESSIONID` cookie.
    private let session: LoginSession<String>

    static let loginPage = "/ServicesPortal/login.html"

    init(backend: String, url: String, username: String, password: Secret, tenant: String?, tls: TLSOptions = .init(),
         mode: SessionMode, logger: Logger, retry: RetryPolicy = RetryPolicy()) {
        self.backend = backend
        root = Self.root(for: url)
        self.username = username
        self.password = password
        self.tenant = tenant
        self.logger = logger
        session = LoginSession(backend: backend, logger: logger)
        transport = HTTPTransport(backend: backend, mode: mode, logger: logger, tls: tls, retry: retry)
    }

    /// `https://host` means `https://host/admin/api`; a URL that names an API root is kept.
    static func root(for url: String) -> String {
        ServerURL.root(url, appending: "/admin/api", keeping: ["/admin/api", "/ServicesPortal/api"])
    }

    // MARK: Calls

    /// A schema method on the object at `path` (`""` is the API itself, `POST /admin/api`).
    func execute(_ path: String, type: String, name: String, param: CteraValue, mutating: Bool,
                 object: String? = nil) async throws -> CteraValue? {
        let envelope = CteraObject(nil, ["type": .text(type), "name": .text(name), "param": param])
        return try await send("POST", path, body: .object(envelope), mutating: mutating,
                              operation: "\(type) \(name)", object: object)
    }

    func get(_ path: String, object: String? = nil) async throws -> CteraValue? {
        try await send("GET", path, body: nil, mutating: false, operation: "GET \(path)", object: object)
    }

    func put(_ path: String, _ value: CteraValue, object: String? = nil) async throws -> CteraValue? {
        try await send("PUT", path, body: value, mutating: true, operation: "PUT \(path)", object: object)
    }

    /// Sends with the current session, logging in first if there is none, and once more if the
    /// portal answers with the login redirect.
    func send(_ method: String, _ path: String, body: CteraValue?, mutating: Bool, operation: String,
              object: String?) async throws -> CteraValue? {
        let reply = try await session.run(login: { _ in try await self.login() },
                                          refused: { (try? $0.get()).map(Self.isLoginRedirect) ?? false }) { cookie in
            try await self.raw(method, path, body: body, cookie: cookie, mutating: mutating, operation: operation)
        }
        return try decode(reply, operation: operation, object: object)
    }

    func raw(_ method: String, _ path: String, body: CteraValue?, cookie: String?, mutating: Bool,
             operation: String) async throws -> HTTPReply {
        var headers: [(name: String, value: String)] = [("User-Agent", "roster"), ("Accept", "*/*")]
        if body != nil { headers.append(("Content-Type", "text/plain")) }
        if let cookie { headers.append(("Cookie", "JSESSIONID=\(cookie)")) }
        let url = path.isEmpty ? root : root + "/" + path
        return try await transport.send(HTTPRequestSpec(method: method, url: url, headers: headers,
                                                        body: body?.xmlBytes(), mutating: mutating, operation: operation))
    }

    static func isLoginRedirect(_ reply: HTTPReply) -> Bool {
        guard reply.status == 302, let location = reply.header("Location") else { return false }
        return location == loginPage || location.hasSuffix(loginPage) || location.hasPrefix("https://login.microsoftonline.com")
    }

    /// The answer's value (nil for an empty body), or the portal's error with its status and `msg`.
    func decode(_ reply: HTTPReply, operation: String, object: String?) throws -> CteraValue? {
        let parsed = reply.body.isEmpty ? nil : try? CteraXMLParser.parse(reply.body)
        guard (200..<300).contains(reply.status) else {
            let message = parsed?.object?.string("msg")
                ?? String(Redactor.shared.scrub(String(decoding: reply.body.prefix(1 << 16), as: UTF8.self)).prefix(200))
                    .trimmingWhitespace()
            throw RosterError(backend: backend, operation: operation, object: object, code: .http(reply.status),
                              message: message.isEmpty ? "the portal answered HTTP \(reply.status)" : message)
        }
        guard !reply.body.isEmpty else { return nil }
        guard let parsed else {
            throw RosterError(backend: backend, operation: operation, object: object,
                              message: "the portal's answer is not CTERA XML")
        }
        return parsed
    }

    func close() async {
        if let cookie = await session.current {
            _ = try? await raw("POST", "logout", body: nil, cookie: cookie, mutating: false, operation: "logout")
        }
        await transport.shutdown()
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
