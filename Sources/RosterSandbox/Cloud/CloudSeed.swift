/// The initial content of a cloud emulator, as written in a seed YAML file.
public struct CloudSeed: Sendable, Hashable {
    public struct User: Sendable, Hashable {
        public var email: String
        public var password: String
        public var firstName = ""
        public var lastName = ""
        public var platformIDs: [String] = []
        public var isAdmin = false
        public var priority = 2
        public var companyID: Int?
        public var apiKeys: [APIKey] = []

        public init(email: String, password: String, firstName: String = "", lastName: String = "",
                    platformIDs: [String] = [], isAdmin: Bool = false, priority: Int = 2, companyID: Int? = nil,
                    apiKeys: [APIKey] = []) {
            self.email = email
            self.password = password
            self.firstName = firstName
            self.lastName = lastName
            self.platformIDs = platformIDs
            self.isAdmin = isAdmin
            self.priority = priority
            self.companyID = companyID
            self.apiKeys = apiKeys
        }
    }

    /// An API key, or with `isJobToken` a job token (which the seed gives the platform's default
    /// lifetime, a day).
    public struct APIKey: Sendable, Hashable {
        public var label: String
        public var priority: Int
        public var isJobToken = false

        public init(label: String, priority: Int = 0, isJobToken: Bool = false) {
            self.label = label
            self.priority = priority
            self.isJobToken = isJobToken
        }
    }

    public var loginTokenLifetime = 3600
    public var routes = CloudRoutes()
    public var platforms: [CloudState.Platform] = []
    public var users: [User] = []

    public init(loginTokenLifetime: Int = 3600, routes: CloudRoutes = CloudRoutes(),
                platforms: [CloudState.Platform] = [], users: [User] = []) {
        self.loginTokenLifetime = loginTokenLifetime
        self.routes = routes
        self.platforms = platforms
        self.users = users
    }

    /// The admin `admin@example.com` / `sandbox-admin` (priority 10) and three platforms.
    public static let `default` = CloudSeed(
        platforms: [
            .init(id: "0b6f3c52-0000-4000-8000-000000000001", name: "qpu:belenos"),
            .init(id: "0b6f3c52-0000-4000-8000-000000000002", name: "sim:slos"),
            .init(id: "0b6f3c52-0000-4000-8000-000000000003", name: "sim:ascella"),
        ],
        users: [User(email: "admin@example.com", password: "sandbox-admin", firstName: "Sandbox", lastName: "Admin",
                     isAdmin: true, priority: 10)])

    /// The state the emulator starts from; users and tokens get ids from 1.
    public func makeState(now: Double) throws(SandboxError) -> CloudState {
        guard loginTokenLifetime > 0 else { throw SandboxError("login_token_lifetime must be positive") }
        var state = CloudState(loginTokenLifetime: loginTokenLifetime, routes: routes, platforms: platforms, users: [],
                               tokens: [], nextUserID: 1, nextTokenID: 1)
        // Duplicates by a set of their own: a search of the state for every user would be quadratic.
        var emails: Set<String> = []
        emails.reserveCapacity(users.count)
        state.users.reserveCapacity(users.count)
        for seedUser in users {
            guard emails.insert(seedUser.email.lowercased()).inserted else {
                throw SandboxError("duplicate email '\(seedUser.email)' (emails are unique ignoring case)")
            }
            let user = state.addUser(email: seedUser.email, password: seedUser.password, firstName: seedUser.firstName,
                                     lastName: seedUser.lastName, platformIDs: seedUser.platformIDs,
                                     isAdmin: seedUser.isAdmin, priority: seedUser.priority, companyID: seedUser.companyID)
            for key in seedUser.apiKeys {
                guard key.priority < user.priority else {
                    throw SandboxError("API key '\(key.label)' of '\(user.email)' has a priority not lower than its user's")
                }
                _ = state.addToken(userID: user.id, label: key.label, priority: key.priority,
                                   secret: CloudTokens.make(prefix: "_T_"), isAPIKey: !key.isJobToken, now: now,
                                   duration: key.isJobToken ? 86400 : nil)
            }
        }
        return state
    }
}
