import RosterYAML

/// The initial content of a CTERA Portal emulator, as written in a seed YAML file:
///
///     version: 7.9.3090.7          # must hold at least two dots (the SDK parses it as a version)
///     task_outcome: completed      # or failed: how updateAccounts' background tasks end
///     global: {users: [...], domains: {...}}
///     tenants: {acme: {users: [...], domains: {demo.local: [{name: dave, email: ...}]}}}
///
/// A user is `{name, email, first_name, last_name, role, password, company, comment}`.
public struct CteraSeed: Sendable, Hashable {
    public struct User: Sendable, Hashable {
        public var name: String
        public var email: String
        public var firstName: String
        public var lastName: String
        public var role: String
        public var password: String
        public var company: String?
        public var comment: String?

        public init(name: String, email: String, firstName: String, lastName: String, role: String = "EndUser",
                    password: String = "", company: String? = nil, comment: String? = nil) {
            self.name = name
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.role = role
            self.password = password
            self.company = company
            self.comment = comment
        }
    }

    public struct Portal: Sendable, Hashable {
        public var users: [User] = []
        /// Directory domains and the users the directory has.
        public var domains: [(String, [User])] = []

        public init(users: [User] = [], domains: [(String, [User])] = []) {
            self.users = users
            self.domains = domains
        }

        public static func == (a: Portal, b: Portal) -> Bool {
            a.users == b.users && a.domains.map(\.0) == b.domains.map(\.0) && a.domains.map(\.1) == b.domains.map(\.1)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(users)
            for (name, users) in domains { hasher.combine(name); hasher.combine(users) }
        }
    }

    public var version = "7.9.3090.7"
    public var taskOutcome = "completed"
    public var global = Portal()
    public var tenants: [(String, Portal)] = []

    public init(version: String = "7.9.3090.7", taskOutcome: String = "completed", global: Portal = Portal(),
                tenants: [(String, Portal)] = []) {
        self.version = version
        self.taskOutcome = taskOutcome
        self.global = global
        self.tenants = tenants
    }

    public static func == (a: CteraSeed, b: CteraSeed) -> Bool {
        a.version == b.version && a.taskOutcome == b.taskOutcome && a.global == b.global
            && a.tenants.map(\.0) == b.tenants.map(\.0) && a.tenants.map(\.1) == b.tenants.map(\.1)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(version); hasher.combine(global) }

    /// Global admin `admin` / `sandbox-admin`; team portal `acme` with a local user and a
    /// directory domain `demo.local` holding dave, erin and frank.
    public static let `default` = CteraSeed(
        global: Portal(users: [User(name: "admin", email: "admin@example.com", firstName: "Sandbox", lastName: "Admin",
                                    role: "ReadWriteAdmin", password: "sandbox-admin")]),
        tenants: [("acme", Portal(
            users: [User(name: "carol", email: "carol@acme.example", firstName: "Carol", lastName: "Jones",
                         password: "carol-pass-1")],
            domains: [("demo.local", [
                User(name: "dave", email: "dave@demo.local", firstName: "Dave", lastName: "Brown"),
                User(name: "erin", email: "erin@demo.local", firstName: "Erin", lastName: "Green"),
                User(name: "frank", email: "frank@demo.local", firstName: "Frank", lastName: "White",
                     role: "ReadOnlyAdmin"),
            ])]))])

    /// The state the emulator starts from; uids are given in seed order from 1000.
    public func makeState() throws(SandboxError) -> CteraState {
        guard version.filter({ $0 == "." }).count >= 2 else {
            throw SandboxError("version '\(version)' needs at least two dots (the SDK parses it as a version)")
        }
        guard ["completed", "failed", "completed with warnings"].contains(taskOutcome) else {
            throw SandboxError("task_outcome must be completed, completed with warnings or failed")
        }
        var state = CteraState(version: version, portals: [], taskOutcome: taskOutcome)
        for (name, portal) in [("", global)] + tenants {
            guard state.portal(name) == nil else { throw SandboxError("duplicate tenant '\(name)'") }
            var made = CteraState.Portal(name: name, uid: state.takeUid(), users: [], domains: [])
            made.users = try Self.users(portal.users, &state, where: name.isEmpty ? "global" : name)
            for (domain, users) in portal.domains {
                guard !made.domains.contains(where: { $0.name == domain }) else {
                    throw SandboxError("duplicate domain '\(domain)'")
                }
                made.domains.append(.init(name: domain, users: try Self.users(users, &state, where: domain)))
            }
            state.portals.append(made)
        }
        return state
    }

    static func users(_ users: [User], _ state: inout CteraState, where place: String) throws(SandboxError)
        -> [CteraState.User]
    {
        var made: [CteraState.User] = []
        var names: Set<String> = []
        for user in users {
            guard names.insert(user.name).inserted else {
                throw SandboxError("duplicate user '\(user.name)' in \(place)")
            }
            guard CteraState.roles.contains(user.role) else {
                throw SandboxError("unknown role '\(user.role)'; known: \(CteraState.roles.joined(separator: ", "))")
            }
            made.append(CteraState.User(
                uid: state.takeUid(), name: user.name, email: user.email, firstName: user.firstName,
                lastName: user.lastName, role: user.role, company: user.company, comment: user.comment,
                requirePasswordChangeOn: nil, password: user.password))
        }
        return made
    }
}
