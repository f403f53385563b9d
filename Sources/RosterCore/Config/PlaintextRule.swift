import Foundation
import RosterYAML

/// `http://` sends credentials in the clear: allowed to a loopback host (a sandbox, a tunnel's
/// local end), and to another host only when the backend says `allow_plaintext: true`, which
/// every run warns about.
public enum PlaintextRule {
    /// Whether `url` is `http://` to a host other than loopback.
    public static func isRemotePlaintext(_ url: String) -> Bool {
        guard url.lowercased().hasPrefix("http://") else { return false }
        guard let host = URL(string: url)?.host?.lowercased() else { return true }
        return !isLoopback(host)
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare == "localhost" || bare == "::1" || bare.hasSuffix(".localhost") { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Reports a remote `http://` URL not allowed by `allow_plaintext: true`, at the URL's line.
    static func check(url: String, node: YAMLNode, backend: String, allowed: Bool, bag: DiagnosticBag) {
        guard isRemotePlaintext(url), !allowed else { return }
        bag.error("backend '\(backend)': 'url' is plain http:// to a host that is not loopback; credentials would cross the network unencrypted",
                  at: node["url"]?.location ?? node.location,
                  notes: [.init("use https://, or say 'allow_plaintext: true' on the backend to accept this")])
    }

    /// The warning every run prints for a backend with `allow_plaintext: true` and a remote `http://` URL.
    public static func warning(backend: String, url: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, "backend '\(backend)': credentials go to \(ServerURL.host(of: url)) unencrypted ('allow_plaintext: true')",
                   at: location,
                   notes: [.init("anyone on the network between roster and that host can read them; use https://")])
    }
}
