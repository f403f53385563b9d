import CteraXML
import RosterCore
import RosterHTTP

/// Login and the session bootstrap (reference A.3).
extension CteraClient {
    /// Posts the form, keeps the cookie, then reads what the SDK reads after a login and browses
    /// the tenant. None of it changes the portal, so a read-only session does it too.
    func login() async throws -> String {
        let form = "j_username=\(Self.formEncode(username))&j_password=\(Self.formEncode(password.reveal()))"
        let reply = try await transport.send(HTTPRequestSpec(
            method: "POST", url: root + "/login",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("User-Agent", "roster")],
            body: Array(form.utf8), mutating: false, operation: "login"))
        guard reply.status == 200 else {
            _ = try decode(reply, operation: "login", object: username)
            throw RosterError(backend: backend, operation: "login", object: username, code: .http(reply.status),
                              message: "the portal refused the login")
        }
        guard let cookie = Self.sessionCookie(reply) else {
            throw RosterError(backend: backend, operation: "login", object: username,
                              message: "the portal set no JSESSIONID cookie")
        }
        try await bootstrap(cookie)
        return cookie
    }

    private func bootstrap(_ cookie: String) async throws {
        let session = try await call("GET", "currentSession", cookie: cookie)
        _ = try await call("GET", "currentPortal", cookie: cookie)
        _ = try await call("GET", "version", cookie: cookie)
        let settings = ["ReadWriteAdmin": "readWriteAdminSettings", "ReadOnlyAdmin": "readOnlyAdminSettings",
                        "Support": "supportAdminSettings"]
        if let role = session?.object?.string("role"), let name = settings[role] {
            _ = try await call("GET", "rolesSettings/\(name)", cookie: cookie)
        }
        if let tenant {
            _ = try await call("PUT", "currentPortal", body: .text(tenant), cookie: cookie, object: tenant)
        }
    }

    /// One bootstrap request; browsing a tenant changes only the session, not the portal.
    private func call(_ method: String, _ path: String, body: CteraValue? = nil, cookie: String,
                      object: String? = nil) async throws -> CteraValue? {
        let operation = "\(method) \(path)"
        let reply = try await raw(method, path, body: body, cookie: cookie, mutating: false, operation: operation)
        return try decode(reply, operation: operation, object: object)
    }

    static func sessionCookie(_ reply: HTTPReply) -> String? {
        for header in reply.headers where header.name.lowercased() == "set-cookie" {
            let first = header.value.split(separator: ";").first ?? ""
            let parts = first.split(separator: "=", maxSplits: 1)
            if parts.count == 2, String(parts[0]).trimmingWhitespace() == "JSESSIONID" { return String(parts[1]) }
        }
        return nil
    }

    /// `application/x-www-form-urlencoded`: letters, digits and `*-._` as they are, space as `+`.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A path segment: what a URL path cannot hold literally is percent-encoded (`+` stays, as the SDK sends it).
    static func segment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"),
                 UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: ","),
                 UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
