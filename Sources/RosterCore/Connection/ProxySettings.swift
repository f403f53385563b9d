import Foundation

/// The proxies of the environment, as curl and most tools read them: `HTTPS_PROXY` for `https://`
/// URLs, `HTTP_PROXY` for `http://` ones (lower-case names too, which win), and `NO_PROXY`, a comma
/// list of hosts reached directly (`*` for all; `example.com` or `.example.com` for that domain and
/// every host under it; an address; an optional `:port`). An HTTPS request goes through the proxy
/// in a CONNECT tunnel, so the proxy sees neither the request nor the answer; TLS is still checked
/// against the backend's host. Credentials in a proxy URL (`http://user:password@proxy:3128`) are
/// sent as `Proxy-Authorization: Basic` and are secrets: the password is registered with the
/// redactor and the URL is never printed.
public struct ProxySettings: Sendable, Hashable {
    public struct Proxy: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?

        /// `http://[user[:password]@]host[:port][/]`; the scheme may be left out. Nil when it is not one.
        public init?(_ text: String) {
            let withScheme = text.contains("://") ? text : "http://" + text
            guard let url = URLComponents(string: withScheme), url.scheme == "http" || url.scheme == "https",
                  let host = url.host, !host.isEmpty else { return nil }
            self.host = host
            port = url.port ?? (url.scheme == "https" ? 443 : 80)
            username = url.user?.removingPercentEncoding
            password = url.password?.removingPercentEncoding
        }
    }

    public var https: Proxy?
    public var http: Proxy?
    public var noProxy: [String]

    public init(https: Proxy? = nil, http: Proxy? = nil, noProxy: [String] = []) {
        self.https = https
        self.http = http
        self.noProxy = noProxy
    }

    /// The settings `environment` gives; a proxy password is registered with the redactor.
    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            (environment[name.lowercased()] ?? environment[name]).flatMap { $0.isEmpty ? nil : $0 }
        }
        https = value("HTTPS_PROXY").flatMap(Proxy.init)
        http = value("HTTP_PROXY").flatMap(Proxy.init)
        noProxy = (value("NO_PROXY") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        for proxy in [https, http] { if let password = proxy?.password { Redactor.shared.register(password) } }
    }

    /// A backend's own `proxy:` for every request of it; `none` (or empty) for none at all.
    public init(backend value: String) {
        let proxy = value == "none" ? nil : Proxy(value)
        self.init(https: proxy, http: proxy)
        if let password = proxy?.password { Redactor.shared.register(password) }
    }

    /// The proxy a request to `url` goes through, nil for a direct connection.
    public func proxy(for url: String) -> Proxy? {
        // Most runs have no proxy: no URL is parsed then (this runs for every request).
        guard https != nil || http != nil else { return nil }
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return nil }
        let proxy = components.scheme == "https" ? https : http
        guard let proxy else { return nil }
        let port = components.port ?? (components.scheme == "https" ? 443 : 80)
        return bypassed(host: host, port: port) ? nil : proxy
    }

    func bypassed(host: String, port: Int) -> Bool {
        let host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        for entry in noProxy {
            if entry == "*" { return true }
            var name = entry
            if let colon = entry.lastIndex(of: ":"), !entry.hasPrefix("["), entry.firstIndex(of: ":") == colon {
                guard Int(entry[entry.index(after: colon)...]) == port else { continue }
                name = String(entry[..<colon])
            }
            name = name.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            if name.hasPrefix("*.") { name.removeFirst() }
            if name.hasPrefix(".") { name.removeFirst() }
            if host == name || host.hasSuffix("." + name) { return true }
        }
        return false
    }
}
