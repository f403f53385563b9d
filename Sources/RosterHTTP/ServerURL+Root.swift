import RosterCore

/// How a provider turns a backend's written `url:` into the root of its API: every provider trims
/// the URL the same way, then adds its API path unless the URL already names it.
extension ServerURL {
    /// The URL without its trailing slashes: `https://host/` is `https://host`.
    public static func trimmed(_ url: String) -> String {
        var base = Substring(url)
        while base.hasSuffix("/") { base.removeLast() }
        return String(base)
    }

    /// `https://host` (a slash or more after it too) means `https://host` + `path`; a URL that
    /// already ends in one of `roots` is kept as written, less its trailing slashes.
    public static func root(_ url: String, appending path: String, keeping roots: [String]) -> String {
        let base = trimmed(url)
        return roots.contains { base.hasSuffix($0) } ? base : base + path
    }

    /// Whether a trimmed URL has a path after `scheme://host[:port]`.
    public static func hasPath(_ url: String) -> Bool {
        url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).count > 3
    }
}
