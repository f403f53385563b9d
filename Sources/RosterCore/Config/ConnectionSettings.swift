import Foundation
import RosterYAML

/// What says how a backend is reached or run, in one place. Under `roster plan --base REF` these
/// keys are taken from REF, never from the change: a pull request contributes data, not where
/// credentials go or what runs. A backend whose connection keys differ (or that the change adds or
/// removes) is not contacted until the change is merged.
public enum ConnectionSettings {
    /// The connection keys, common and per backend type.
    public static let keys: Set<String> = [
        // every backend
        "type", "url", "seed", "state", "ca_file", "insecure", "allow_plaintext", "retry", "parallelism",
        // credentials and where they are used (uyuni, ctera, squirro, cloud, activelogic)
        "username", "password", "token", "client_id", "client_secret", "email", "tenant", "paths",
        // what runs (activelogic and every external provider)
        "python", "program", "request_timeout", "protocol_log",
    ]

    /// Backend keys that only shape the plan. Any key in neither list counts as a connection key,
    /// so a key added later is safe until it is classified.
    public static let planningKeys: Set<String> = ["prune", "protect", "safety", "email_template", "generate_passwords"]

    public static func isConnection(_ key: String) -> Bool {
        keys.contains(key) || !planningKeys.contains(key)
    }

    /// The connection keys whose values differ between two backend mappings, sorted.
    public static func changedKeys(_ base: YAMLNode, _ working: YAMLNode) -> [String] {
        let old = values(base), new = values(working)
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }

    /// Each connection key's value, as canonical text.
    static func values(_ node: YAMLNode) -> [String: String] {
        guard node.kind == .mapping else { return [:] }
        var out: [String: String] = [:]
        for entry in node.entries {
            guard let key = entry.key.scalar, isConnection(key) else { continue }
            out[key] = canonical(entry.value)
        }
        return out
    }

    /// A node's value, independent of style and place: two equal texts mean the same value.
    static func canonical(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar:
            return node.isNull ? "~" : "'" + (node.scalar ?? "").replacingOccurrences(of: "'", with: "''") + "'"
        case .sequence:
            return "[" + node.items.map(canonical).joined(separator: ",") + "]"
        case .mapping:
            let pairs = node.entries.map { canonical($0.key) + ":" + canonical($0.value) }.sorted()
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }
}

/// A backend the change adds, removes or reconnects: not contacted by a pull-request plan; its
/// changes take effect after merge.
public struct PendingConnection: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Hashable, Codable {
        case added, removed, reconnected
    }

    public var backend: String
    public var type: String
    public var change: Change
    /// The connection keys that differ (all of the backend's for an added or removed one).
    public var keys: [String]
    /// The URLs before and after (never a secret: only `url` is shown).
    public var urlBefore: String?
    public var urlAfter: String?

    public init(backend: String, type: String, change: Change, keys: [String], urlBefore: String?, urlAfter: String?) {
        self.backend = backend
        self.type = type
        self.change = change
        self.keys = keys
        self.urlBefore = urlBefore.map(Self.shown)
        self.urlAfter = urlAfter.map(Self.shown)
    }

    /// A URL as shown: a user name or password in it is left out.
    static func shown(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.user != nil || parts.password != nil else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? "(a URL with credentials)"
    }

    enum CodingKeys: String, CodingKey {
        case backend, type, change, keys
        case urlBefore = "url_before", urlAfter = "url_after"
    }

    /// One line: `uyuni-prod (uyuni) reconnected: url https://a → https://b, password`.
    public var summary: String { "\(backend) (\(type)) \(change.rawValue): " + details }

    /// The keys that changed; the URL with its old and new value, no other value.
    public var details: String {
        var parts: [String] = []
        for key in keys {
            if key == "url", urlBefore != urlAfter {
                parts.append("url \(urlBefore ?? "(none)") → \(urlAfter ?? "(none)")")
            } else {
                parts.append(key)
            }
        }
        return parts.joined(separator: ", ")
    }

    /// The backends of `working` that differ from `base` in how they are reached, in name order.
    public static func between(base: RosterConfig, working: RosterConfig) -> [PendingConnection] {
        let before = Dictionary(base.backends.map { ($0.name, $0) }) { a, _ in a }
        let after = Dictionary(working.backends.map { ($0.name, $0) }) { a, _ in a }
        var pending: [PendingConnection] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (nil, let new?):
                pending.append(.init(backend: name, type: new.type, change: .added, keys: ConnectionSettings.values(new.node).keys.sorted(),
                                     urlBefore: nil, urlAfter: new.url))
            case (let old?, nil):
                pending.append(.init(backend: name, type: old.type, change: .removed, keys: ConnectionSettings.values(old.node).keys.sorted(),
                                     urlBefore: old.url, urlAfter: nil))
            case (let old?, let new?):
                let keys = ConnectionSettings.changedKeys(old.node, new.node)
                if !keys.isEmpty {
                    pending.append(.init(backend: name, type: new.type, change: .reconnected, keys: keys,
                                         urlBefore: old.url, urlAfter: new.url))
                }
            default: break
            }
        }
        return pending
    }
}
