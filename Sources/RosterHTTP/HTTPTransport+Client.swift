import AsyncHTTPClient
import NIOSSL
import RosterCore

/// The core's connection values (`TLSOptions`, `ProxySettings`, read from the config without the
/// network stack) as the HTTP client's settings.
extension TLSOptions {
    /// The client's TLS configuration, nil when the defaults (system roots, full verification) apply.
    func configuration() -> TLSConfiguration? {
        guard !isDefault else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.additionalTrustRoots = [.file(caFile)] }
        if insecure { tls.certificateVerification = .none }
        return tls
    }
}

extension ProxySettings.Proxy {
    /// The proxy of the client; credentials go as `Proxy-Authorization: Basic`.
    var client: HTTPClient.Configuration.Proxy {
        let authorization = username.map { HTTPClient.Authorization.basic(username: $0, password: password ?? "") }
        return .server(host: host, port: port, authorization: authorization)
    }
}
