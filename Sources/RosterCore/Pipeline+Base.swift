import Foundation

/// `roster plan --base REF`: the working config planned with REF's connection settings, reading
/// only what the change touches (unless `full`). The base config is a folder the caller has taken
/// out of git; nothing of the change decides where credentials go or what runs.
extension Pipeline {
    public func load(path: String, basePath: String, base: String, full: Bool,
                     targets: [String] = [], excludes: [String] = []) throws(DiagnosticError) -> Loaded {
        var loaded = try load(path: path, targets: targets, excludes: excludes)
        // People whose text the change leaves alone are not parsed twice (`PeopleText`).
        var trimmed = PeopleText.Trimmed()
        if !full, let baseFiles = try? ConfigLoader.files(at: basePath), let workingFiles = try? ConfigLoader.files(at: path) {
            trimmed = PeopleText.trim(base: baseFiles, working: workingFiles, config: loaded.config)
        }
        var read = trimmed.replacing.isEmpty ? nil : try? loader.load(path: basePath, replacing: trimmed.replacing)
        // The whole base is read when the trimmed one does not read or is not as the scan said,
        // and when a team changed (it touches people whose entries did not).
        if let config = read, !trimmed.agrees(with: config) || !ConfigChange.changedTeams(base: config, working: loaded.config).isEmpty {
            read = nil
        }
        let baseConfig: RosterConfig
        if let read {
            baseConfig = read
        } else {
            trimmed = PeopleText.Trimmed()
            do { baseConfig = try loader.load(path: basePath) } catch {
                throw DiagnosticError([.error("the config at \(base) cannot be read; a pull-request plan takes its connection settings from there", at: nil)]
                                      + error.diagnostics)
            }
        }
        let pending = PendingConnection.between(base: baseConfig, working: loaded.config)
        let reconnected = Set(pending.map(\.backend))
        loaded.base = base
        loaded.pendingConnections = pending
        loaded.backends = loaded.backends.filter { !reconnected.contains($0.name) }.map { backend in
            Self.connected(backend, from: baseConfig.backend(named: backend.name)!, baseFolder: baseConfig.baseDirectory,
                           workingFolder: loaded.config.baseDirectory)
        }
        if full { return loaded }
        let change = ConfigChange(base: baseConfig, working: loaded.config, unchanged: trimmed.unchanged)
        if change.everyone != nil { return loaded }
        var touchedWorking = loaded.config, touchedBase = baseConfig
        touchedWorking.personEntries = loaded.config.personEntries.selecting(change.workingPeople)
        touchedBase.personEntries = baseConfig.personEntries.selecting(change.basePeople)
        let working = try loader.resolve(touchedWorking)
        let baseState = (try? loader.resolve(touchedBase)) ?? [:]
        let kinds = registry.kindsByName
        let scope = ChangeScope(base: base, working: working, baseState: baseState, kinds: kinds,
                                fullKinds: loaded.desired.mapValues(Self.comparedKinds), unchangedPeople: change.unchanged)
        loaded.desired = working.mapValues { scope.narrow($0, kinds: kinds) }
        loaded.scope = scope
        return loaded
    }

    /// What a pull-request plan connects to while its configs load: from the `backends:` blocks
    /// alone (`ConfigLoader.backendsAlone`), the backends the change neither adds, removes nor
    /// reconnects, reached as the base says. nil when a block cannot be read alone; the backends
    /// of the full load then decide (`sameConnections`).
    public func earlyBackends(path: String, basePath: String, targets: [String] = []) -> Loaded? {
        guard let base = loader.backendsAlone(path: basePath), let working = loader.backendsAlone(path: path) else { return nil }
        let pending = Set(PendingConnection.between(base: base, working: working).map(\.backend))
        let named = Set(targets.map { Selector($0).backend })
        let backends = working.backends.filter { !pending.contains($0.name) && (named.isEmpty || named.contains($0.name)) }.map {
            Self.connected($0, from: base.backend(named: $0.name)!, baseFolder: base.baseDirectory, workingFolder: working.baseDirectory)
        }
        return Loaded(config: working, backends: backends)
    }

    /// Whether two lists of backends are reached alike: the same names in order, types and
    /// connection settings (as text), and emulator state files.
    public static func sameConnections(_ early: [BackendConfig], _ loaded: [BackendConfig]) -> Bool {
        early.count == loaded.count && zip(early, loaded).allSatisfy { a, b in
            a.name == b.name && a.type == b.type && a.sandboxState == b.sandboxState
                && ConnectionSettings.values(a.node) == ConnectionSettings.values(b.node)
        }
    }

    /// The backends read by key (`LiveState.partial`) whose plan a rail could refuse on objects
    /// not read: a plan that deletes a top-level object (`max-delete-fraction` weighs it against
    /// every object) or takes an administrator's rights away (`last-admin` looks for the others).
    /// A plan with errors lists them too: its errors are then those of a whole read.
    func listingsNeeded(_ loaded: Loaded, live: [String: LiveState]) -> [String] {
        let partial = loaded.backends.filter { live[$0.name]?.partial == true }
        guard !partial.isEmpty else { return [] }
        guard let changes = try? changes(loaded, live: live) else { return partial.map(\.name) }
        return partial.filter { backend in
            guard let provider = registry[backend.type] else { return false }
            let mine = changes.filter { $0.id.backend == backend.name }
            let check = BackendCheck(provider: provider, backend: backend, changes: mine,
                                     live: live[backend.name]?.resources ?? [])
            let deletes = mine.contains { change in
                guard change.operation == .delete, let kind = provider.kind(named: change.id.kind) else { return false }
                return kind.isTopLevel && !kind.isTrailing
            }
            let admins = provider.administrators(in: check.live)
            return deletes || !admins.isSubset(of: provider.administrators(in: check.afterState()))
        }.map(\.name)
    }

    /// The kinds a desired state declares, lists completely or names absent (what a full plan compares).
    static func comparedKinds(_ desired: DesiredState) -> Set<String> {
        Set(desired.resources.store.kindNames).union(desired.scopes.kinds).union(desired.absent.keys.map(\.kind))
    }

    /// The working backend, reached as the base says: every connection setting from the base's
    /// (their connection keys are the same text; what a path or `${file:}` names is the base's).
    /// The plan's own keys (`prune`, `protect`, `safety`) stay the working config's. An emulator's
    /// `state:` file is the working folder's: it is data the sandbox keeps, not code or credentials.
    static func connected(_ backend: BackendConfig, from base: BackendConfig, baseFolder: String,
                          workingFolder: String) -> BackendConfig {
        var connected = backend
        connected.url = base.url
        connected.settings = base.settings
        connected.tls = base.tls
        connected.retry = base.retry
        connected.parallelism = base.parallelism
        connected.node = base.node
        connected.sandboxSeed = base.sandboxSeed
        connected.sandboxState = base.sandboxState.map { path in
            path.hasPrefix(baseFolder + "/") ? workingFolder + path.dropFirst(baseFolder.count) : path
        }
        return connected
    }
}
