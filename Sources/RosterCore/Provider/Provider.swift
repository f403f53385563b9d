import Logging
import RosterYAML

/// What a provider read from its backend's config mapping.
public protocol ProviderSettings: Sendable {}

/// One backend type: its resource kinds, how a config becomes desired resources, and how to reach
/// the live system. Providers hold no state; sessions do.
public protocol Provider: Sendable {
    var type: String { get }
    var kinds: [ResourceKind] { get }
    /// Keys a backend of this type takes besides the common ones (`type`, `url`, `prune`, ...).
    var settingKeys: [String] { get }

    /// Reads the provider's own keys of a backend; reports problems through `reader.bag`.
    func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)?

    /// The desired objects of one person's account on a backend of this type.
    func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                 reader: ValueReader)

    /// The desired objects under `resources.<backend>`.
    func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader)

    /// Problems with a planned change that only show once the live state is known
    /// (a create without a password, say). Reported at the config's line.
    func check(_ change: Change, backend: BackendConfig) -> [Diagnostic]

    /// The same, for checks that need what the session learnt of the live system besides its
    /// objects (`LiveState.facts`, a password policy say). Defaults to `check(_:backend:)`.
    func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic]

    /// The same, for all of a backend's changes at once: a change that refers to an object (a
    /// group, a directory) is checked against the live objects and those the other changes create.
    /// Defaults to checking each change alone.
    func check(_ changes: [Change], backend: BackendConfig, live: LiveState) -> [Diagnostic]

    /// The same, with the desired state: its `attributeNodes` say where a list attribute's items
    /// are written, so an error can point at the one item that is wrong. Defaults to the above.
    func check(_ changes: [Change], backend: BackendConfig, live: LiveState, desired: DesiredState) -> [Diagnostic]

    /// Attributes whose values name objects the session must list to check them at plan time
    /// (cloud `platform_ids`): `FetchInterest.declaredAttributes` says which the config uses.
    var referringAttributes: [String] { get }

    /// Opens a session against the live system. A read-only session cannot send a mutating request.
    func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession

    /// Whether sessions can tell if a password still works without changing it
    /// (`password_update: verify`).
    var canVerifyPasswords: Bool { get }

    /// Whether a session given `FetchInterest.namedOnly` reads the named top-level objects one by
    /// one instead of listing every object (the API looks an object up by its key). Its live state
    /// is then partial: the plan asks for the whole listing when a rail needs it. No by default.
    var readsNamedObjectsByKey: Bool { get }

    /// Why `password_update: verify` is refused where it cannot be offered: what a sign-in to
    /// check the password would leave behind (a last-login date, a failure counter, a session).
    var passwordCheckTrace: String { get }

    /// Whether applying this change creates a secret that only `--secrets-out` receives (a
    /// password generated for a user created without one, a new key). Never by default.
    func generatesSecret(_ change: Change) -> Bool

    /// Changes of a trailing kind to add after this backend's changes (none by default).
    func trailingChanges(for changes: [Change], backend: BackendConfig) -> [Change]

    /// Objects the system never lets go (ActiveLogic's `admin`): never planned for deletion,
    /// whatever `prune` and `state: absent` say (none by default).
    func isPermanent(_ id: ResourceID) -> Bool

    /// Whether this object is an administrator who can still sign in (for the `last-admin` and
    /// `self` rails). None by default.
    func isAdministrator(_ resource: Resource) -> Bool

    /// The administrators among these objects, by the id of their login. Defaults to those for
    /// which `isAdministrator` holds; a provider whose roles are objects of their own overrides it.
    func administrators(in resources: [Resource]) -> Set<ResourceID>

    /// The object of roster's own login on this backend, when the settings name it (for the
    /// `self` rail). None by default.
    func ownLogin(_ backend: BackendConfig) -> ResourceID?

    /// The backend's live objects (all of them, fetched with `FetchInterest(everything: true)`) as
    /// people's accounts and `resources`, for `roster import`: planning what it gives against the
    /// same objects must show no change. Never a secret.
    func export(_ live: [Resource], backend: BackendConfig) -> BackendExport

    /// The backend keys that hold secrets (`password`, `token`): `roster import` writes a literal
    /// one as a `${env:NAME}` placeholder.
    var secretSettingKeys: [String] { get }
}

extension Provider {
    public func kind(named name: String) -> ResourceKind? { kinds.first { $0.name == name } }
    public func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] { [] }
    public func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        check(change, backend: backend)
    }
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        changes.flatMap { check($0, backend: backend, live: live) }
    }
    public func check(_ changes: [Change], backend: BackendConfig, live: LiveState, desired: DesiredState) -> [Diagnostic] {
        check(changes, backend: backend, live: live)
    }
    public var canVerifyPasswords: Bool { false }
    public var readsNamedObjectsByKey: Bool { false }
    public var passwordCheckTrace: String { "\(type) cannot check a password without changing it" }
    public var referringAttributes: [String] { [] }
    public func trailingChanges(for changes: [Change], backend: BackendConfig) -> [Change] { [] }
    public func generatesSecret(_ change: Change) -> Bool { false }
    public func isPermanent(_ id: ResourceID) -> Bool { false }
    public func isAdministrator(_ resource: Resource) -> Bool { false }
    public func administrators(in resources: [Resource]) -> Set<ResourceID> {
        Set(resources.filter(isAdministrator).map(\.id))
    }
    public func ownLogin(_ backend: BackendConfig) -> ResourceID? { nil }
    public func export(_ live: [Resource], backend: BackendConfig) -> BackendExport {
        BackendExport(warnings: ["backend type '\(type)' cannot be imported yet; '\(backend.name)' has no people"])
    }
    public var secretSettingKeys: [String] { [] }
}

/// A connection to one backend.
public protocol ProviderSession: Sendable {
    /// The live objects that `interest` asks for: at least every top-level object's identity, or,
    /// with `interest.namedOnly` on a provider that `readsNamedObjectsByKey`, the named ones.
    func fetch(_ interest: FetchInterest) async throws -> [Resource]
    /// Carries out one change.
    func apply(_ change: Change) async throws -> ApplyResult
    /// Of these existing objects with a declared password, those whose password the backend
    /// refuses (checked without changing anything). Only called when the provider can verify.
    func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID>
    /// What the backend says about itself that is not an object (a password policy), read with
    /// the objects and handed to `Provider.check(_:backend:live:)`. None by default.
    func facts() async throws -> [String: Value]
    /// Starts the listings the next `fetch` begins with, whatever it is asked (`EarlyListing`):
    /// a pull-request plan calls it while its configs load. Nothing by default.
    func startListings()
    func close() async
}

extension ProviderSession {
    public func startListings() {}
    public func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID> { [] }
    public func facts() async throws -> [String: Value] { [:] }
}

/// What a backend has, as far as a plan needs to know.
public struct LiveState: Sendable {
    public var resources: [Resource]
    /// Objects whose declared password no longer works (`password_update: verify`).
    public var passwordMismatches: Set<ResourceID>
    /// The session's `facts()`: rules of the backend, for plan-time checks.
    public var facts: [String: Value]
    /// Only the objects a pull-request plan names were read, by key (not every object listed).
    public var partial = false

    public init(resources: [Resource], passwordMismatches: Set<ResourceID> = [], facts: [String: Value] = [:]) {
        self.resources = resources
        self.passwordMismatches = passwordMismatches
        self.facts = facts
    }
}

public enum SessionMode: String, Sendable {
    /// Reads only: every mutating request fails before it is sent.
    case readOnly
    case readWrite
}

public struct SessionContext: Sendable {
    /// The base URL to talk to (a sandbox's loopback address when `url: sandbox`).
    public var url: String
    public var mode: SessionMode
    public var logger: Logger
    public var parallelism: Int
    /// Added to the environment of a provider program (a sandbox's module path, say).
    public var environment: [String: String]
    /// How the session's HTTP requests are retried, with this run's budget for the backend.
    public var retry: RetryPolicy
    /// The backend's `ca_file:`/`insecure:`, for the session's `HTTPTransport`.
    public var tls: TLSOptions

    public init(url: String, mode: SessionMode, logger: Logger, parallelism: Int = 8,
                environment: [String: String] = [:], retry: RetryPolicy = RetryPolicy(), tls: TLSOptions = .init()) {
        self.retry = retry
        self.tls = tls
        self.url = url
        self.mode = mode
        self.logger = logger
        self.parallelism = parallelism
        self.environment = environment
    }
}

/// Which live objects the plan needs in detail. Objects outside it need only be listed, which lets
/// a provider skip per-object reads of objects the config does not mention.
public struct FetchInterest: Sendable {
    public var everything: Bool
    /// Top-level keys named in the config, per kind.
    public var keys: [String: Set<[String]>]
    /// Keys the config names `state: absent`, per kind (they are in `keys` too): objects the plan
    /// deletes, whose children may have to go first.
    public var absent: [String: Set<[String]>]
    /// The kinds the plan compares: those the config declares objects of, lists completely for
    /// some parent, or names absent. nil: every kind (an import, reading one object back).
    public var kinds: Set<String>?
    /// How the server compares the keys of each kind whose keys do not compare exactly, and the
    /// canonical form of each named key spelled otherwise: a live `asmith` is wanted when the config
    /// names `ASmith`.
    public var identities: [String: ResourceKind] = [:]
    public var respelled: [String: Set<[String]>] = [:]
    /// Of the provider's `referringAttributes`, those some declared object of the backend has: a
    /// session lists what they refer to (the platforms of `platform_ids`) only when one is used.
    public var declaredAttributes: Set<String> = []
    /// A pull-request plan: only the named objects (`keys`, `absent`) and their children are
    /// compared, so a provider that `readsNamedObjectsByKey` may read just those.
    public var namedOnly = false

    public init(everything: Bool, keys: [String: Set<[String]>] = [:], absent: [String: Set<[String]>] = [:],
                kinds: Set<String>? = nil) {
        self.everything = everything
        self.keys = keys
        self.absent = absent
        self.kinds = kinds
    }

    /// Notes how `kind` compares its keys, and the canonical spellings of its named keys.
    public mutating func compare(_ kind: ResourceKind) {
        guard !kind.identityIsExact else { return }
        identities[kind.name] = kind
        for key in keys[kind.name] ?? [] {
            let canonical = kind.canonicalKey(key)
            if canonical != key { respelled[kind.name, default: []].insert(canonical) }
        }
    }

    public func wants(kind: String, key: [String]) -> Bool {
        if everything || keys[kind]?.contains(key) == true { return true }
        guard let identity = identities[kind] else { return false }
        let canonical = identity.canonicalKey(key)
        return keys[kind]?.contains(canonical) == true || respelled[kind]?.contains(canonical) == true
    }

    /// Whether live objects of `kind` can change the plan. When no object of a child kind is
    /// declared, none is listed completely and none is named absent, the plan neither creates nor
    /// deletes one (children of a deleted parent are the parent's kind's business), so a provider
    /// may skip per-object reads of that kind.
    public func compares(kind: String) -> Bool {
        kinds?.contains(kind) ?? true
    }
}

/// What an applied change produced beyond itself.
public struct ApplyResult: Sendable {
    /// New secrets (generated passwords, keys) for `--secrets-out`; never printed.
    public var secrets: [String: Secret]
    public init(secrets: [String: Secret] = [:]) { self.secrets = secrets }
}

/// The providers roster knows, by type.
public struct ProviderRegistry: Sendable {
    public let providers: [String: any Provider]

    public init(_ providers: [any Provider]) {
        self.providers = Dictionary(uniqueKeysWithValues: providers.map { ($0.type, $0) })
    }

    public subscript(type: String) -> (any Provider)? { providers[type] }

    /// A kind by its name, whichever provider declares it (kind names start with their type).
    public func kind(named name: String) -> ResourceKind? {
        guard let type = name.split(separator: ".").first else { return nil }
        return providers[String(type)]?.kind(named: name)
    }

    /// Every provider's kinds, by name.
    public var kindsByName: [String: ResourceKind] {
        Dictionary(providers.values.flatMap(\.kinds).map { ($0.name, $0) }) { first, _ in first }
    }
    public var types: [String] { providers.keys.sorted() }
}
