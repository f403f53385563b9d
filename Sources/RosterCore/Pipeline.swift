import Foundation
import Logging
import Synchronization

/// The stages of a run, each a typed value and a function:
/// config → desired state → live state → changes → plan → execution report.
/// Only `fetch` and `execute` touch the network.
public struct Pipeline: Sendable {
    public let registry: ProviderRegistry
    public var loader: ConfigLoader

    public init(registry: ProviderRegistry, environment: [String: String]) {
        self.registry = registry
        loader = ConfigLoader(registry: registry, environment: environment)
    }

    /// A loaded, resolved config: nothing has been contacted yet.
    public struct Loaded: Sendable {
        public var config: RosterConfig
        public var desired: [String: DesiredState]
        /// The backends this run works on (all, or those named by `--target`).
        public var backends: [BackendConfig]
        public var targets: [Selector] = []
        public var excludes: [Selector] = []

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

    public func load(path: String, targets: [String] = [], excludes: [String] = []) throws(DiagnosticError) -> Loaded {
        let config = try loader.load(path: path)
        let targetSelectors = targets.map(Selector.init), excludeSelectors = excludes.map(Selector.init)
        for (option, selector) in targetSelectors.map({ ("--target", $0) }) + excludeSelectors.map({ ("--exclude", $0) }) {
            guard let backend = config.backend(named: selector.backend) else {
                throw DiagnosticError([.error("\(option) names unknown backend '\(selector.backend)'", at: nil,
                                              notes: Suggestion.note(for: selector.backend, in: config.backends.map(\.name)))])
            }
            if let kind = selector.kind, registry[backend.type]?.kind(named: kind) == nil {
                let kinds = registry[backend.type]?.kinds.map(\.name) ?? []
                throw DiagnosticError([.error("\(option) names unknown kind '\(kind)' of backend '\(backend.name)'", at: nil,
                                              notes: Suggestion.note(for: kind, in: kinds) + [.init("kinds: \(kinds.joined(separator: ", "))")])])
            }
        }
        let targets = targetSelectors.map(\.backend)
        let desired = try loader.resolve(config)
        let backends = targets.isEmpty ? config.backends : config.backends.filter { targets.contains($0.name) }
        return Loaded(config: config, desired: desired, backends: backends, targets: targetSelectors,
                      excludes: excludeSelectors)
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
        return interest
    }

    /// Every backend's live state, fetched concurrently.
    public func fetch(_ loaded: Loaded, sessions: [String: any ProviderSession]) async throws -> [String: LiveState] {
        try await withThrowingTaskGroup(of: (String, LiveState).self) { group in
            for backend in loaded.backends {
                guard let session = sessions[backend.name] else { continue }
                let interest = interest(loaded, backend: backend)
                let verify = registry[backend.type]?.canVerifyPasswords == true
                let desired = loaded.desired[backend.name]
                group.addTask {
                    async let fetched = session.fetch(interest)
                    let facts = try await session.facts()
                    let resources = try await fetched
                    guard verify, let desired else { return (backend.name, LiveState(resources: resources, facts: facts)) }
                    let existing = Set(resources.map(\.id))
                    // Rows are read as resources only when their password is to be verified (few).
                    let table = desired.resources
                    let toVerify = table.indices.filter { table.passwordUpdate(at: $0) == .verify }.map(table.resource(at:))
                        .filter { $0.attributes["password"] != nil && existing.contains($0.id) }
                        .sorted { $0.id < $1.id }
                    let mismatches = toVerify.isEmpty ? [] : try await session.passwordMismatches(toVerify)
                    return (backend.name, LiveState(resources: resources, passwordMismatches: mismatches, facts: facts))
                }
            }
            var live: [String: LiveState] = [:]
            for try await (name, state) in group { live[name] = state }
            return live
        }
    }

    /// The ordered plan; fails with the config's places when a change cannot be carried out.
    public func plan(_ loaded: Loaded, live: [String: LiveState]) throws(DiagnosticError) -> Plan {
        let found = try changes(loaded, live: live)
        return Planner(registry: registry).plan(found, backends: loaded.backends, configDigest: loaded.config.digest)
            .selecting(targets: loaded.targets, excludes: loaded.excludes, kind: registry.kind(named:))
    }

    /// Every backend's changes, in backend order: the diff, the plan-time checks and the trailing
    /// steps. Backends are independent, so they are diffed at once on the cores there are. Fails
    /// with the config's places when a change cannot be carried out.
    public func changes(_ loaded: Loaded, live: [String: LiveState]) throws(DiagnosticError) -> [Change] {
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
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        return all.flatMap(\.changes)
    }

    private func changes(of backend: BackendConfig, _ loaded: Loaded, _ live: [String: LiveState])
        -> (changes: [Change], diagnostics: [Diagnostic])
    {
        guard let provider = registry[backend.type] else { return ([], []) }
        let differ = Differ(provider: provider, backend: backend)
        let backendLive = live[backend.name] ?? LiveState(resources: [])
        var changes = differ.diff(desired: loaded.desired[backend.name] ?? DesiredState(backend: backend.name),
                                  live: backendLive)
        var diagnostics = differ.refusedRenames(desired: loaded.desired[backend.name] ?? DesiredState(backend: backend.name),
                                                live: backendLive)
        for change in changes { diagnostics += provider.check(change, backend: backend, live: backendLive) }
        if let via = loaded.desired[backend.name]?.via, !via.isEmpty {
            for i in changes.indices where changes[i].operation != .delete { changes[i].via = via[changes[i].id] }
        }
        if !changes.isEmpty { changes += provider.trailingChanges(for: changes, backend: backend) }
        return (changes, diagnostics)
    }

    /// Refuses a plan that crosses a safety rail not in `forced`.
    public func checkRails(_ plan: Plan, _ loaded: Loaded, live: [String: LiveState],
                           forced: Set<Rail>) throws(RailsError) {
        let violations = SafetyRails(registry: registry).check(plan, live: live, backends: loaded.backends,
                                                               forced: forced)
        if !violations.isEmpty { throw RailsError(violations) }
    }
}
