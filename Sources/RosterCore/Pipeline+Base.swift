import Foundation

/// `roster plan --base REF`: the working config planned with REF's connection settings, reading
/// only what the change touches (unless `full`). The base config is a folder the caller has taken
/// out of git; nothing of the change decides where credentials go or what runs.
extension Pipeline {
    public func load(path: String, basePath: String, base: String, full: Bool,
                     targets: [String] = [], excludes: [String] = []) throws(DiagnosticError) -> Loaded {
        var loaded = try load(path: path, targets: targets, excludes: excludes)
        let baseConfig: RosterConfig
        do { baseConfig = try loader.load(path: basePath) } catch {
            throw DiagnosticError([.error("the config at \(base) cannot be read; a pull-request plan takes its connection settings from there", at: nil)]
                                  + error.diagnostics)
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
        let change = ConfigChange(base: baseConfig, working: loaded.config)
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
