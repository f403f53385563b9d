/// What a provider makes of a backend's live objects for `roster import`: one account per user,
/// with the person fields the backend holds, and the backend's own objects for `resources`.
public struct BackendExport: Sendable {
    public var accounts: [ExportedAccount]
    /// The mapping under `resources.<backend>`; nil when the backend has none.
    public var resources: ExportValue?
    /// What could not be written as it is (said on stderr).
    public var warnings: [String]

    public init(accounts: [ExportedAccount] = [], resources: ExportValue? = nil, warnings: [String] = []) {
        self.accounts = accounts
        self.resources = resources
        self.warnings = warnings
    }
}

/// One user of a backend, as a person's `accounts.<backend>` entry.
public struct ExportedAccount: Sendable {
    /// The user's identity on the backend: a login, or an email on backends keyed by email.
    public var login: String
    /// The account key that names the login when it is not the person's name (`login`, `name`);
    /// nil on backends keyed by the person's email.
    public var loginKey: String?
    /// The address people are joined by; nil when the user has none (joined by login then).
    public var email: String?
    /// What the backend takes from the person, as the backend holds it. The person an account is
    /// joined to must give each of these exactly, or the plan would change the account.
    public var person: [PersonField]
    /// The account mapping, without the login key.
    public var fields: ExportMapping

    public init(login: String, loginKey: String?, email: String?, person: [PersonField], fields: ExportMapping) {
        self.login = login
        self.loginKey = loginKey
        self.email = email
        // An account that states nothing about it is an active person's.
        let hasState = person.contains { if case .state = $0 { true } else { false } }
        self.person = hasState ? person : person + [.state(.active)]
        self.fields = fields
    }
}

/// A person field as one backend reads it. An empty text means the person must not set it.
public enum PersonField: Sendable, Hashable {
    case firstName(String)
    case lastName(String)
    /// `first_name` and `last_name` joined by a space (Squirro's `full_name`).
    case fullName(String)
    /// Compared exactly; backends keyed by email lower-case it and give none here.
    case email(String)
    /// `active` unless a backend says `disabled`; an account with no state field is active.
    case state(PersonState)
}
