import RosterCore
import RosterYAML
import Synchronization

/// A provider over an in-memory store, for testing the core without a network.
///
/// Kinds: `memory.user` (email, enabled, password), `memory.group` (description) and
/// `memory.membership` keyed (group, user), a child of both that must be deleted before either.
struct MemoryProvider: Provider {
    let store: MemoryStore
    let type = "memory"
    let settingKeys = ["token", "login"]

    let kinds: [ResourceKind] = [
        ResourceKind("memory.user", key: ["name"], attributes: [
            AttributeSpec("email"), AttributeSpec("enabled"), AttributeSpec("password", .writeOnly),
        ], canRename: true),
        ResourceKind("memory.group", key: ["name"], attributes: [AttributeSpec("description")]),
        ResourceKind("memory.membership", key: ["group", "user"], parents: [
            Dependency("memory.group", key: [0], cascadesOnDelete: false),
            Dependency("memory.user", key: [1], cascadesOnDelete: false),
        ]),
    ]

    struct Settings: ProviderSettings {
        var token: Secret?
        /// roster's own user, for the `self` rail.
        var login: String?
    }

    func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        Settings(token: node["token"].flatMap { reader.secret($0, "token") },
                 login: node["login"].flatMap { reader.string($0, "login") })
    }

    /// An enabled user whose live `admin` attribute is true (the config never sets it).
    func isAdministrator(_ resource: Resource) -> Bool {
        resource.id.kind == "memory.user" && resource.attributes["admin"]?.bool == true
            && resource.attributes["enabled"]?.bool != false
    }

    func ownLogin(_ backend: BackendConfig) -> ResourceID? {
        guard let login = (backend.settings as? Settings)?.login else { return nil }
        return ResourceID(backend: backend.name, kind: "memory.user", key: [login])
    }

    func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                 reader: ValueReader) {
        let id = state.id("memory.user", person.name)
        if person.state == .absent {
            state.addAbsent(Resource(id, owner: person.name, location: person.location), bag: reader.bag)
            return
        }
        var attributes: Attributes = ["enabled": .bool(person.state == .active)]
        attributes["email"] = person.email.map(Value.string)
        attributes["password"] = person.password.map(Value.secret)
        var user = Resource(id, attributes, owner: person.name, location: person.location,
                            passwordUpdate: person.passwordUpdate)
        user.previousKeys = person.previousNames.map { [$0] }
        state.add(user, bag: reader.bag)
        account.node.forEachEntry("account", reader.bag) { key, value, entry in
            guard key == "groups" else {
                reader.bag.unknownKey(key, in: "memory account", at: entry.key.location, known: ["groups"])
                return
            }
            state.claim("memory.membership", under: [])
            for group in reader.stringList(value, "groups") ?? [] {
                state.add(Resource(state.id("memory.membership", group, person.name), owner: person.name,
                                   location: value.location), bag: reader.bag)
            }
        }
    }

    func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader) {
        resources["groups"]?.forEachEntry("groups", reader.bag) { name, value, entry in
            var attributes: Attributes = [:]
            attributes["description"] = value["description"].flatMap { reader.string($0, "description") }.map(Value.string)
            state.add(Resource(state.id("memory.group", name), attributes, location: entry.key.location), bag: reader.bag)
        }
    }

    func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        MemorySession(store: store, backend: backend.name, mode: context.mode)
    }
}

/// The live objects of the memory backend, and every call made to it.
final class MemoryStore: Sendable {
    struct State {
        var objects: [ResourceID: Attributes] = [:]
        var calls: [String] = []
        var failing: Set<String> = []
        var running = 0
        var maxRunning = 0
    }

    let state = Mutex(State())

    func seed(_ id: ResourceID, _ attributes: Attributes = [:]) {
        state.withLock { $0.objects[id] = attributes }
    }

    var calls: [String] { state.withLock { $0.calls } }
    var maxRunning: Int { state.withLock { $0.maxRunning } }
    func fail(_ key: String) { state.withLock { _ = $0.failing.insert(key) } }
    func object(_ id: ResourceID) -> Attributes? { state.withLock { $0.objects[id] } }
}

struct MemorySession: ProviderSession {
    let store: MemoryStore
    let backend: String
    let mode: SessionMode

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        store.state.withLock { state in
            state.calls.append("fetch")
            return state.objects.filter { $0.key.backend == backend }.map { Resource($0.key, $0.value) }
        }
    }

    func apply(_ change: Change) async throws -> ApplyResult {
        if mode == .readOnly { throw RosterError(backend: backend, operation: "apply", message: "read-only") }
        let shouldFail = store.state.withLock { state -> Bool in
            state.calls.append("\(change.operation.rawValue) \(change.id.kind) \(change.id.keyString)")
            state.running += 1
            state.maxRunning = max(state.maxRunning, state.running)
            return state.failing.contains(change.id.keyString)
        }
        try await Task.sleep(for: .milliseconds(5))
        return try store.state.withLock { state in
            state.running -= 1
            if shouldFail { throw RosterError(backend: backend, operation: "apply", object: change.id.keyString, code: .http(500), message: "injected") }
            switch change.operation {
            case .create:
                var attributes = change.after ?? [:]
                attributes["password"] = nil
                state.objects[change.id] = attributes
            case .update:
                for attribute in change.after ?? [:] where attribute.name != "password" {
                    state.objects[change.id, default: [:]][attribute.name] = attribute.value
                }
            case .delete: state.objects[change.id] = nil
            }
            return ApplyResult()
        }
    }

    func close() async {}
}
