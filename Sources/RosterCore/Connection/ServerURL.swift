import Foundation

/// A backend's `url:` as text. The core names the server in warnings and errors; RosterHTTP adds
/// how a provider turns the written URL into its API root (`ServerURL.trimmed`, `ServerURL.root`).
public enum ServerURL {
    /// `scheme://host[:port]` of a URL, as errors and warnings name the server; the text itself
    /// when it is not a URL.
    public static func host(of url: String) -> String {
        URL(string: url).map { "\($0.scheme ?? "http")://\($0.host ?? "")\($0.port.map { ":\($0)" } ?? "")" } ?? url
    }
}
