import RosterCore
import RosterYAML

/// Where each operation of the platform's user API lives. The platform keeps these endpoints
/// private (reference §3.1), so every one can be overridden under the backend's `paths:`.
///
/// A value is a path starting with `/`, optionally preceded by the HTTP method
/// (`PATCH /v2/users/{id}`). `{id}` stands for the numeric user id. `api_keys` is a base path:
/// keys are listed (`GET base?user_id=N`) and created (`POST base`) there, updated at
/// `PUT base/{id}` and revoked with `POST base/delete-by-ids`, the shape of the platform's
/// documented `/api/tokens` API (§3.3).
public struct CloudPaths: Sendable, Hashable {
    public struct Endpoint: Sendable, Hashable {
        public var method: String
        public var path: String

        public init(_ method: String, _ path: String) {
            self.method = method
            self.path = path
        }

        /// The path with `{id}` filled in.
        public func path(id: Int) -> String { path.replacingOccurrences(of: "{id}", with: String(id)) }
    }

    public var login = Endpoint("POST", "/api/auth/login")
    public var list = Endpoint("GET", "/api/users")
    public var create = Endpoint("POST", "/api/users")
    public var read = Endpoint("GET", "/api/users/{id}")
    /// A partial body of the fields that change. PUT because the platform's one documented update
    /// (`PUT /api/tokens/{id}`) is a PUT with the changed fields; `PATCH /...` if a server wants it.
    public var update = Endpoint("PUT", "/api/users/{id}")
    public var delete = Endpoint("DELETE", "/api/users/{id}")
    public var apiKeys = "/api/tokens"
    /// The platform list, read at plan time to check `platform_ids`. The reference documents none
    /// (§3): `GET /api/platforms` is Quandela Cloud's platform list, an assumption; a 404 there
    /// turns the check off with a warning.
    public var platforms = Endpoint("GET", "/api/platforms")

    public init() {}

    static let keys = ["login", "list", "create", "read", "update", "delete", "api_keys", "platforms"]
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Reads `paths:`; every problem is reported at its line.
    static func read(_ node: YAMLNode, backend: String, reader: ValueReader) -> CloudPaths {
        var paths = CloudPaths()
        node.forEachEntry("paths of '\(backend)'", reader.bag) { key, value, entry in
            guard let text = reader.string(value, "paths.\(key)") else { return }
            switch key {
            case "login": paths.login = endpoint(text, default: paths.login, at: value, reader)
            case "list": paths.list = endpoint(text, default: paths.list, at: value, reader)
            case "create": paths.create = endpoint(text, default: paths.create, at: value, reader)
            case "read": paths.read = endpoint(text, default: paths.read, at: value, reader, needsID: true)
            case "update": paths.update = endpoint(text, default: paths.update, at: value, reader, needsID: true)
            case "delete": paths.delete = endpoint(text, default: paths.delete, at: value, reader, needsID: true)
            case "platforms": paths.platforms = endpoint(text, default: paths.platforms, at: value, reader)
            case "api_keys":
                if !text.hasPrefix("/") || text.contains(" ") {
                    reader.bag.error("'paths.api_keys' must be a path starting with '/'", at: value.location,
                                     notes: [.init("it is a base path; keys are listed, created and revoked under it")])
                } else {
                    paths.apiKeys = text.hasSuffix("/") ? String(text.dropLast()) : text
                }
            default:
                reader.bag.unknownKey(key, in: "paths of '\(backend)' (type cloud)", at: entry.key.location, known: keys)
            }
        }
        return paths
    }

    private static func endpoint(_ text: String, default fallback: Endpoint, at node: YAMLNode, _ reader: ValueReader,
                                 needsID: Bool = false) -> Endpoint {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var method = fallback.method
        var path = parts.last ?? ""
        if parts.count == 2 {
            method = parts[0].uppercased()
            guard methods.contains(method) else {
                reader.bag.error("unknown HTTP method '\(parts[0])'", at: node.location,
                                 notes: [.init("use one of \(methods.sorted().joined(separator: ", "))")])
                return fallback
            }
        } else if parts.count != 1 {
            path = ""
        }
        guard path.hasPrefix("/") else {
            reader.bag.error("'\(text)' is not a path", at: node.location,
                             notes: [.init("write '/api/users' or 'GET /api/users'")])
            return fallback
        }
        if needsID && !path.contains("{id}") {
            reader.bag.error("path '\(path)' has no '{id}'", at: node.location,
                             notes: [.init("'{id}' is replaced by the user's numeric id")])
            return fallback
        }
        return Endpoint(method, path)
    }
}
