/// Everything the cloud emulator persists: platforms, users and their tokens (job tokens and API
/// keys). Login tokens are not part of it; they live only as long as the emulator.
public struct CloudState: Codable, Sendable, Hashable {
    public struct Platform: Codable, Sendable, Hashable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct User: Codable, Sendable, Hashable {
        public var id: Int
        public var email: String
        public var password: String
        public var firstName: String
        public var lastName: String
        public var platformIDs: [String]
        public var isAdmin: Bool
        public var priority: Int
        public var companyID: Int?
    }

    /// A job token or, with `isAPIKey`, an API key (§3.3: an API key is a kind of token).
    public struct Token: Codable, Sendable, Hashable {
        public var id: Int
        public var userID: Int
        public var label: String
        public var priority: Int
        /// The bearer value, shown once when created.
        public var secret: String
        public var isAPIKey: Bool
        public var isRevoked: Bool
        /// Unix seconds.
        public var created: Double
        /// Nil: never expires.
        public var expires: Double?
        public var lastUsed: Double?
        public var count: Int
    }

    /// Seconds a login token stays valid after its last use.
    public var loginTokenLifetime: Int
    /// The routes it serves (kept so that a state file serves where its seed said).
    public var routes: CloudRoutes
    /// Known platforms; when empty, any platform id is accepted.
    public var platforms: [Platform]
    public var users: [User]
    public var tokens: [Token]
    public var nextUserID: Int
    public var nextTokenID: Int

    /// The user with this email, compared as lower-cased (copying no stored address that is ASCII).
    public func user(email: String) -> User? {
        users.first { equalIgnoringCase($0.email, email, fold: { $0.lowercased() }) }
    }

    public func user(id: Int) -> User? {
        userIndex(id: id).map { users[$0] }
    }

    func userIndex(id: Int) -> Int? { users.position(ofID: id, \.id) }
    func tokenIndex(id: Int) -> Int? { tokens.firstIndex { $0.id == id } }

    /// A user's tokens that still work at `now`.
    func liveTokens(of userID: Int, now: Double) -> [Token] {
        tokens.filter { $0.userID == userID && !$0.isRevoked && ($0.expires ?? .infinity) > now }
    }

    mutating func addUser(email: String, password: String, firstName: String = "", lastName: String = "",
                          platformIDs: [String] = [], isAdmin: Bool = false, priority: Int = 2,
                          companyID: Int? = nil) -> User {
        let user = User(id: nextUserID, email: email, password: password, firstName: firstName, lastName: lastName,
                        platformIDs: platformIDs, isAdmin: isAdmin, priority: priority, companyID: companyID)
        nextUserID += 1
        users.append(user)
        return user
    }

    mutating func addToken(userID: Int, label: String, priority: Int, secret: String, isAPIKey: Bool, now: Double,
                           duration: Int?) -> Token {
        let token = Token(id: nextTokenID, userID: userID, label: label, priority: priority, secret: secret,
                          isAPIKey: isAPIKey, isRevoked: false, created: now,
                          expires: duration.map { now + Double($0) }, lastUsed: nil, count: 0)
        nextTokenID += 1
        tokens.append(token)
        return token
    }
}
