import Foundation
import Logging
import Synchronization

/// The stages of a run, each a typed value and a function:
/// config → desired state → live state → changes → plan → execution report.
/// Only `fetch` and `execute` touch the network.
public struct Pipeline: Sendable {
    public let registry: ProviderRegistry
    public var loader: ConfigLoader

    /// `secretsDirectories`: folders besides the config's that `${file:PATH}` may read.
    public init(registry: ProviderRegistry, environment: [String: String], secretsDirectories: [String] = []) {
        self.registry = registry
        var loader = ConfigLoader(registry: registry, environment: environment)
        loader.secretsDirectories = secretsDirectories
        self.loader = loader
    }

    /// A loaded, resolved config: nothing has been contacted yet.
    public struct Loaded: Sendable {
        public var config: RosterConfig
        public var desired: [String: DesiredState]
        /// The backends this run works on (all, or those named by `--target`).
        public var backends: [BackendConfig]
        public var targets: [Selector] = []
        public var excludes: [Selector] = []
        /// The warnings of the load and the resolve, sorted by place. A plan carries them with
        /// those of its own checks.
        public var warnings: [Diagnostic] = []
        /// `plan --base REF`: the revision whose connection settings this run uses, the backends
        /// not contacted because the change reconnects them, and (without `--full`) what it reads.
        public var base: String?
        public var pendingConnections: [PendingConnection] = []
        public var scope: ChangeScope?

        /// Some backends of a config, with nothing desired on them (what `roster import` reads).
        public init(config: RosterConfig, backends: [BackendConfig]) {
            self.config = config
            self.backends = backends
            desired = [:]
        }

        init(config: RosterConfig, desired: [String: DesiredState], backends: [BackendConfig],
             targets: [Selector], excludes: [Selector]) {
            self.config = config
            self.desired = desired
            self.backends = backends
            self.targets = targets
            self.excludes = excludes
        }
    }

    /// The config loaded and resolved: every problem of the config is reported at once, sorted by
    /// place; then those of `targets` and `excludes`.
    public func load(path: String, targets: [String] = [], excludes: [String] = []) throws(DiagnosticError) -> Loaded {
        let targetSelectors = targets.map(Selector.init), excludeSelectors = excludes.map(Selector.init)
        let resolved = try loader.loadResolved(path: path)
        let config = resolved.config
        let misnamed = Self.misnamed(targetSelectors, excludeSelectors, in: config, registry)
        if !misnamed.isEmpty { throw DiagnosticError(resolved.warnings + misnamed) }
        let targets = targetSelectors.map(\.backend)
        let backends = targets.isEmpty ? config.backends : config.backends.filter { targets.contains($0.name) }
        var loaded = Loaded(config: config, desired: resolved.desired, backends: backends, targets: targetSelectors,
                            excludes: excludeSelectors)
        loaded.warnings = resolved.warnings
        return loaded
    }

    /// The selectors of `--target` and `--exclude` that name no backend or kind of `config`.
    static func misnamed(_ targets: [Selector], _ excludes: [Selector], in config: RosterConfig,
                         _ registry: ProviderRegistry) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (option, selector) in targets.map({ ("--target", $0) }) + excludes.map({ ("--exclude", $0) }) {
            guard let backend = config.backend(named: selector.backend) else {
                found.append(.error("\(option) names unknown backend '\(selector.backend)'", at: nil,
                                    notes: Suggestion.note(for: selector.backend, in: config.backends.map(\.name))))
                continue
            }
            if let kind = selector.kind, registry[backend.type]?.kind(named: kind) == nil {
                let kinds = registry[backend.type]?.kinds.map(\.name) ?? []
                found.append(.error("\(option) names unknown kind '\(kind)' of backend '\(backend.name)'", at: nil,
                                    notes: Suggestion.note(for: kind, in: kinds) + [.init("kinds: \(kinds.joined(separator: ", "))")]))
            }
        }
        return found
    }

    /// Which live objects need per-object reads.
    public func interest(_ loaded: Loaded, backend: BackendConfig) -> FetchInterest {
        var keys: [String: Set<[String]>] = [:]
        let desired = loaded.desired[backend.name]
        let resources = desired?.resources ?? ResourceTable()
        for id in resources.keys { keys[id.kind, default: []].insert(id.key) }
        for row in resources.renamedRows {
            for previous in resources.previousKeys(at: row) { keys[resources.kind(at: row), default: []].insert(previous) }
        }
        // Kept objects (a disabled person's account where it cannot be locked yet) are read like
        // any named object: they are compared so that they are never taken for pruned ones.
        for id in desired?.kept.keys ?? [:].keys { keys[id.kind, default: []].insert(id.key) }
        var absent: [String: Set<[String]>] = [:]
        for id in desired?.absent.keys ?? [:].keys {
            keys[id.kind, default: []].insert(id.key)
            absent[id.kind, default: []].insert(id.key)
        }
        let kinds = Set(keys.keys).union(desired?.scopes.kinds ?? [])
        // Everything is read when pruning; the keys still tell a provider what the config names.
        var interest = FetchInterest(everything: backend.prune == .all, keys: keys, absent: absent, kinds: kinds)
        for kind in registry[backend.type]?.kinds ?? [] { interest.compare(kind) }
        for name in registry[backend.type]?.referringAttributes ?? [] where resources.declares(attribute: name) {
            interest.declaredAttributes.insert(name)
        }
        return loaded.scope?.interest(interest, backend: backend.name) ?? interest
    }

    /// Every backend's live state, fetched concurrently.
    /// A pull-request plan reads the named objects by key where the API allows it; a backend read
    /// so is listed whole after all when a rail needs what was not read (`listingsNeeded`).
    public func fetch(_ loaded: Loaded, sessions: [String: any ProviderSession]) async throws -> [String: LiveState] {
        var live = try await fetch(loaded, sessions: sessions, backends: loaded.backends, byKey: true)
        let whole = Set(listingsNeeded(loaded, live: live))
        guard !whole.isEmpty else { return live }
        // The passwords checked already are not checked again (each check is a sign-in attempt).
        live.merge(try await fetch(loaded, sessions: sessions, backends: loaded.backends.filter { whole.contains($0.name) },
                                   byKey: false, checked: live.mapValues(\.passwordMismatches))) { $1 }
        return live
    }

    /// `checked`: per backend, the passwords found refused by an earlier read of the same plan
    /// (the same objects are checked: the desired state has not changed).
    private func fetch(_ loaded: Loaded, sessions: [String: any ProviderSession], backends: [BackendConfig],
                       byKey: Bool, checked: [String: Set<ResourceID>] = [:]) async throws -> [String: LiveState] {
        try await withThrowingTaskGroup(of: (String, LiveState).self) { group in
            for backend in backends {
                guard let session = sessions[backend.name] else { continue }
                var interest = interest(loaded, backend: backend)
                if !byKey { interest.namedOnly = false }
                // Top-level objects `--target`/`--exclude` name are read too, so that one that is
                // nowhere is told as in a full plan (`checkSelectors`).
                for selector in loaded.targets + loaded.excludes where interest.namedOnly && selector.backend == backend.name {
                    guard let kind = selector.kind.flatMap(registry.kind(named:)), kind.isTopLevel, let key = selector.key else { continue }
                    interest.keys[kind.name, default: []].insert(key.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
                }
                let partial = interest.namedOnly && registry[backend.type]?.readsNamedObjectsByKey == true
                let verify = registry[backend.type]?.canVerifyPasswords == true
                let desired = loaded.desired[backend.name]
                let lockouts = registry[backend.type].map(LockoutCheck.init)
                // The reads run on the I/O threads: each request is sent from the thread its task is on.
                group.addTask(executorPreference: IOExecutor.preferred) {
                    // Facts after the objects: a session may report what its reads found (an unknown project).
                    let resources = try await session.fetch(interest)
                    let facts = try await session.facts()
                    guard verify, let desired else {
                        var state = LiveState(resources: resources, facts: facts)
                        state.partial = partial
                        return (backend.name, state)
                    }
                    let existing = Set(resources.map(\.id))
                    // Rows are read as resources only when their password is to be verified (few).
                    let table = desired.resources
                    // Accounts whose lock the provider cannot read are checked with the declared password.
                    let undecided = lockouts?.undecided(resources, desired: table, scopes: desired.scopes) ?? []
                    let verified = table.indices.filter { table.passwordUpdate(at: $0) == .verify }.map(table.resource(at:))
                        .filter { $0.attributes["password"] != nil && existing.contains($0.id) }
                    let undecidedIDs = Set(undecided.map(\.id)).subtracting(verified.map(\.id))
                    let toVerify = (verified + undecided.filter { $0.attributes["password"] != nil && undecidedIDs.contains($0.id) })
                        .sorted { $0.id < $1.id }
                    var mismatches = checked[backend.name] ?? []
                    if checked[backend.name] == nil, !toVerify.isEmpty { mismatches = try await session.passwordMismatches(toVerify) }
                    let decided = lockouts?.decide(resources, undecided: undecided, refused: mismatches) ?? resources
                    var state = LiveState(resources: decided, passwordMismatches: mismatches, facts: facts)
                    state.partial = partial
                    return (backend.name, state)
                }
            }
            var live: [String: LiveState] = [:]
            for try await (name, state) in group { live[name] = state }
            return live
        }
    }

    /// The ordered plan; fails with the config's places when a change cannot be carried out.
    /// It carries the load's warnings and those of the plan-time checks, sorted by place.
    public func plan(_ loaded: Loaded, live: [String: LiveState]) throws(DiagnosticError) -> Plan {
        try checkSelectors(loaded, live: live)
        var warnings: [Diagnostic] = []
        let found = try changes(loaded, live: live, warnings: &warnings)
        var plan = Planner(registry: registry).plan(found, backends: loaded.backends, configDigest: loaded.config.digest)
            .selecting(targets: loaded.targets, excludes: loaded.excludes, kind: registry.kind(named:))
        plan.warnings = (loaded.warnings + warnings).sortedByPlace
        plan.selected = !loaded.targets.isEmpty || !loaded.excludes.isEmpty
        if plan.selected {
            let read = Set(loaded.backends.map(\.name) + loaded.pendingConnections.map(\.backend))
            plan.backendsNotRead = loaded.config.backends.map(\.name).filter { !read.contains($0) }
        }
        plan.base = loaded.base
        plan.pendingConnections = loaded.pendingConnections
        plan.unchangedPeople = loaded.scope?.unchangedPeople
        return plan
    }

    /// Every backend's changes, in backend order: the diff, the plan-time checks and the trailing
    /// steps. Backends are independent, so they are diffed at once on the cores there are. Fails
    /// with the config's places when a change cannot be carried out.
    public func changes(_ loaded: Loaded, live: [String: LiveState]) throws(DiagnosticError) -> [Change] {
        var warnings: [Diagnostic] = []
        return try changes(loaded, live: live, warnings: &warnings)
    }

    /// The same, with the warnings of the plan-time checks added to `warnings`. A failure carries
    /// the checks' errors and warnings, sorted by place (the load's are `loaded.warnings`).
    public func changes(_ loaded: Loaded, live: [String: LiveState],
                        warnings: inout [Diagnostic]) throws(DiagnosticError) -> [Change] {
        let backends = loaded.backends
        let results = Mutex([(changes: [Change], diagnostics: [Diagnostic])](repeating: ([], []), count: backends.count))
        if backends.count == 1 {
            results.withLock { $0[0] = changes(of: backends[0], loaded, live) }
        } else {
            DispatchQueue.concurrentPerform(iterations: backends.count) { i in
                let result = changes(of: backends[i], loaded, live)
                results.withLock { $0[i] = result }
            }
        }
        let all = results.withLock { $0 }
        let diagnostics = all.flatMap(\.diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw DiagnosticError(diagnostics.sortedByPlace)
        }
        warnings += diagnostics
        return all.flatMap(\.changes)
    }

    private func changes(of backend: BackendConfig, _ loaded: Loaded, _ live: [String: LiveState])
        -> (changes: [Change], diagnostics: [Diagnostic])
    {
        guard let provider = registry[backend.type] else { return ([], []) }
        let differ = Differ(provider: provider, backend: backend)
        var backendLive = live[backend.name] ?? LiveState(resources: [])
        // A pull-request plan compares only the objects in its scope; the rails still see every object.
        if let scope = loaded.scope { backendLive = scope.narrow(backendLive, kinds: registry.kindsByName) }
        let desired = loaded.desired[backend.name] ?? DesiredState(backend: backend.name)
        var changes = differ.diff(desired: desired, live: backendLive)
        var diagnostics = differ.refusedRenames(desired: desired, live: backendLive)
        // The checks see every live object, as the rails do: a group out of a pull request's scope still exists.
        diagnostics += provider.check(changes, backend: backend, live: live[backend.name] ?? backendLive, desired: desired)
        if let via = loaded.desired[backend.name]?.via, !via.isEmpty {
            for i in changes.indices where changes[i].operation != .delete { changes[i].via = via[changes[i].id] }
        }
        if !changes.isEmpty { changes += provider.trailingChanges(for: changes, backend: backend) }
        for i in changes.indices { changes[i].generatesSecret = provider.generatesSecret(changes[i]) }
        return (changes, diagnostics)
    }

    /// A `--target` or `--exclude` naming an object that neither the config nor the live system
    /// has is a mistyped key: an error naming it, rather than a plan that silently does nothing.
    func checkSelectors(_ loaded: Loaded, live: [String: LiveState]) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        for (option, selector) in loaded.targets.map({ ("--target", $0) }) + loaded.excludes.map({ ("--exclude", $0) }) {
            // Read by key, the backend's other objects are not known: a child is not looked for.
            guard selector.key != nil, let kindName = selector.kind, let kind = registry.kind(named: kindName),
                  live[selector.backend]?.partial != true || kind.isTopLevel else { continue }
            let desired = loaded.desired[selector.backend]
            let declared = (desired?.resources.keys.map { $0 } ?? []) + Array(desired?.absent.keys ?? [:].keys)
                + Array(desired?.kept.keys ?? [:].keys)
            let known = declared + (live[selector.backend]?.resources.map(\.id) ?? [])
            if !known.contains(where: { selector.matches($0, kind: kind) }) {
                let keys = Set(known.filter { $0.kind == kindName }.map(\.keyString)).sorted()
                problems.append(.error("\(option) '\(selector)' names no object of the config or of '\(selector.backend)'",
                                       at: nil, notes: Suggestion.note(for: selector.key ?? "", in: keys)))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// Refuses a plan that crosses a safety rail not in `forced`.
    public func checkRails(_ plan: Plan, _ loaded: Loaded, live: [String: LiveState],
                           forced: Set<Rail>) throws(RailsError) {
        let violations = SafetyRails(registry: registry).check(plan, live: live, backends: loaded.backends,
                                                               forced: forced)
        if !violations.isEmpty { throw RailsError(violations) }
    }
}
