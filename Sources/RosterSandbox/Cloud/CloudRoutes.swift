/// Where the cloud emulator serves each operation. The platform's user endpoints are private
/// (reference §3.1), so these are the defaults roster's `cloud` backend assumes too, and a test or a
/// seed can move any of them. `{id}` matches a numeric id.
public struct CloudRoutes: Sendable, Hashable, Codable {
    public struct Route: Sendable, Hashable, Codable {
        public var method: String
        public var path: String

        public init(_ method: String, _ path: String) {
            self.method = method
            self.path = path
        }

        /// The id when `request` is this route, `0` for a route without `{id}`, nil otherwise.
        func match(method requestMethod: String, path requestPath: String) -> Int? {
            guard requestMethod == method else { return nil }
            let want = path.split(separator: "/", omittingEmptySubsequences: false)
            let have = requestPath.split(separator: "/", omittingEmptySubsequences: false)
            guard want.count == have.count else { return nil }
            var id = 0
            for (w, h) in zip(want, have) {
                if w == "{id}" {
                    guard let n = Int(h), n >= 0 else { return nil }
                    id = n
                } else if w != h {
                    return nil
                }
            }
            return id
        }
    }

    public var login = Route("POST", "/api/auth/login")
    public var list = Route("GET", "/api/users")
    public var create = Route("POST", "/api/users")
    public var read = Route("GET", "/api/users/{id}")
    public var update = Route("PUT", "/api/users/{id}")
    public var delete = Route("DELETE", "/api/users/{id}")
    /// The token API's base (§3.3): list and create at the base, `PUT base/{id}`,
    /// `POST base/revoke` and `POST base/delete-by-ids`.
    public var tokens = "/api/tokens"
    /// The platform list, `[{id, name}]`. Not in the reference (§3 documents no listing): the
    /// path Quandela Cloud's own client reads, an assumption. nil in a state file written before
    /// the route existed: the default.
    public var platforms: Route?
    public static let defaultPlatforms = Route("GET", "/api/platforms")

    public init() {}

    public var platformList: Route { platforms ?? Self.defaultPlatforms }

    /// The operation a request asks for, with the id from the path.
    func resolve(method: String, path: String) -> (CloudOperation, Int)? {
        let userRoutes: [(CloudOperation, Route)] = [
            (.login, login), (.listUsers, list), (.createUser, create), (.readUser, read),
            (.updateUser, update), (.deleteUser, delete),
            (.listTokens, Route("GET", tokens)), (.createToken, Route("POST", tokens)),
            (.revokeToken, Route("POST", tokens + "/revoke")), (.deleteTokens, Route("POST", tokens + "/delete-by-ids")),
            (.readToken, Route("GET", tokens + "/{id}")), (.updateToken, Route("PUT", tokens + "/{id}")),
            (.listPlatforms, platformList),
        ]
        for (operation, route) in userRoutes {
            if let id = route.match(method: method, path: path) { return (operation, id) }
        }
        return nil
    }

    /// Whether some route has this path under another method (405 rather than 404).
    func knows(path: String) -> Bool {
        ["GET", "POST", "PUT", "PATCH", "DELETE"].contains { resolve(method: $0, path: path) != nil }
    }
}

/// The emulator's operations, named for the request log.
enum CloudOperation: String, Sendable {
    case login = "auth.login"
    case listUsers = "users.list", createUser = "users.create", readUser = "users.read"
    case updateUser = "users.update", deleteUser = "users.delete"
    case listTokens = "tokens.list", createToken = "tokens.create", readToken = "tokens.read"
    case updateToken = "tokens.update", revokeToken = "tokens.revoke", deleteTokens = "tokens.delete"
    case listPlatforms = "platforms.list"

    /// Logging in changes no user; every write below does.
    var isMutating: Bool {
        switch self {
        case .createUser, .updateUser, .deleteUser, .createToken, .updateToken, .revokeToken, .deleteTokens: true
        default: false
        }
    }
}
