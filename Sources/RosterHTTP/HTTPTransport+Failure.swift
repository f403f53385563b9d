import AsyncHTTPClient
import NIOCore
import RosterCore

extension HTTPTransport {
    /// What went wrong with a request that got no answer, in plain words: an untrusted
    /// certificate, a certificate for another host, an answer past the size limit; anything
    /// else as it came. Always names the host.
    static func failure(_ url: String, _ error: any Error) -> String {
        let text = String(describing: error)
        let host = host(of: url)
        switch certificateProblem(error) {
        case .untrusted:
            return "the TLS certificate of \(host) is not trusted; set 'ca_file:' to the CA that signed it (\(text))"
        case .otherHost:
            return "the TLS certificate of \(host) does not name that host (\(text))"
        case nil: break
        }
        if let error = error as? HTTPClientError, error == .proxyAuthenticationRequired {
            return "the proxy refused roster's credentials (HTTP 407); check the user and password of HTTPS_PROXY / HTTP_PROXY"
        }
        if error is NIOTooManyBytesError || (error as? PlainHTTPError)?.kind == .tooLarge {
            return "the answer of \(host) is larger than \(maxBody >> 20) MiB; refused"
        }
        return "cannot reach \(host): \(text)"
    }

    enum CertificateProblem { case untrusted, otherHost }

    /// A refused certificate: the handshake failed before the request was sent, and trying again
    /// cannot help, so the retry loop gives up at once.
    static func certificateProblem(_ error: any Error) -> CertificateProblem? {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") { return .untrusted }
        if text.contains("failedToValidateHostname") || text.contains("in certificate from peer") { return .otherHost }
        return nil
    }
}
