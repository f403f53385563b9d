import Foundation
import RosterYAML
import Synchronization

/// Reads `roster.yaml`, or every `*.yaml` of a folder merged, into a typed config. Every problem is
/// collected; the load fails with all of them.
public struct ConfigLoader: Sendable {
    public let registry: ProviderRegistry
    public let environment: [String: String]
    public var limits: YAMLLimits
    /// A file at least this large is parsed in two parts on two cores (`YAMLDocument.loadParts`).
    public var partsThreshold = YAMLDocument.partsThreshold

    public init(registry: ProviderRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: YAMLLimits = .init()) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
    }

    static let topLevelKeys = ["version", "backends", "people", "resources"]

    /// With `backendsOnly`, `people` and `resources` are not read (what `roster import` needs).
    public func load(path: String, backendsOnly: Bool = false) throws(DiagnosticError) -> RosterConfig {
        let files = try Self.files(at: path)
        let bag = DiagnosticBag()
        // The digest reads the files on another core while this one parses them.
        let digest = Mutex<String?>(nil)
        let digested = DispatchGroup()
        let maxBytes = limits.maxFileSize + 1
        DispatchQueue.global().async(group: digested) { [files] in
            let value = Self.digest(files, maxBytes: maxBytes)
            digest.withLock { $0 = value }
        }
        var documents: [YAMLDocument] = []
        for file in files {
            do { documents.append(contentsOf: try YAMLDocument.loadParts(path: file, limits: limits, threshold: partsThreshold)) }
            catch { error.errors.forEach { bag.add(Diagnostic($0)) } }
        }
        digested.wait()
        try bag.check()
        return try decode(documents, files: files, digest: digest.withLock { $0 } ?? "",
                          base: Self.baseDirectory(of: path), bag: bag, backendsOnly: backendsOnly)
    }

    /// Reads one config file's bytes as `load(path:)` reads the file: `file` names it in locations,
    /// relative paths start from `baseDirectory`. (The fuzz target and hostile-input tests use it.)
    public func load(bytes: [UInt8], file: String, baseDirectory: String) throws(DiagnosticError) -> RosterConfig {
        let bag = DiagnosticBag()
        var documents: [YAMLDocument] = []
        do { documents.append(try YAMLDocument.parse(bytes: bytes, file: file, limits: limits)) }
        catch { error.errors.forEach { bag.add(Diagnostic($0)) } }
        try bag.check()
        return try decode(documents, files: [file], digest: "", base: baseDirectory, bag: bag)
    }

    private func decode(_ documents: [YAMLDocument], files: [String], digest: String, base: String,
                        bag: DiagnosticBag, backendsOnly: Bool = false) throws(DiagnosticError) -> RosterConfig {
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: base)
        var config = ConfigDecoder(registry: registry, reader: reader, backendsOnly: backendsOnly)
            .decode(documents, files: files, digest: digest)
        config.baseDirectory = base
        try bag.check()
        return config
    }

    /// The desired state of every backend: what each person's accounts and each backend's
    /// `resources` ask for. Every problem is collected. Backends are independent, so they are
    /// resolved at once on the cores there are.
    public func resolve(_ config: RosterConfig) throws(DiagnosticError) -> [String: DesiredState] {
        let backends = config.backends
        let results = Mutex([(state: DesiredState, diagnostics: [Diagnostic])?](repeating: nil, count: backends.count))
        if backends.count == 1 {
            results.withLock { $0[0] = resolve(config, backend: backends[0]) }
        } else {
            DispatchQueue.concurrentPerform(iterations: backends.count) { i in
                let result = resolve(config, backend: backends[i])
                results.withLock { $0[i] = result }
            }
        }
        let bag = DiagnosticBag()
        var states: [String: DesiredState] = [:]
        for (backend, result) in zip(backends, results.withLock { $0 }) {
            guard let result else { continue }
            states[backend.name] = result.state
            result.diagnostics.forEach(bag.add)
        }
        try bag.check()
        return states
    }

    /// One backend's desired state: its `resources`, then every person's account on it.
    private func resolve(_ config: RosterConfig, backend: BackendConfig) -> (state: DesiredState, diagnostics: [Diagnostic]) {
        let bag = DiagnosticBag()
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: config.baseDirectory)
        var state = DesiredState(backend: backend.name)
        guard let provider = registry[backend.type] else { return (state, []) }
        var accounts = 0
        for person in config.people { for account in person.accounts where account.backend == backend.name { accounts += 1 } }
        state.reserve(accounts * 3)
        if let node = config.resources[backend.name] {
            provider.resolve(resources: node, backend: backend, into: &state, reader: reader)
        }
        for person in config.people {
            for account in person.accounts where account.backend == backend.name {
                // Every provider reads an account as a mapping (empty: `{}` or nothing).
                guard account.node.kind == .mapping || account.node.isNull else {
                    bag.error("account of '\(person.name)' on '\(backend.name)' must be a mapping", at: account.location)
                    continue
                }
                if person.passwordUpdate == .verify && !provider.canVerifyPasswords {
                    bag.error("'password_update: verify' is not possible on '\(backend.name)': \(backend.type) cannot check a password without changing it",
                              at: account.location, notes: [.init("use 'on_create' or 'always' for '\(person.name)'")])
                }
                provider.resolve(person: person, account: account, backend: backend, into: &state, reader: reader)
            }
        }
        return (state, bag.diagnostics)
    }

    /// The YAML files a path names: the file itself, or a folder's `*.yaml`/`*.yml` sorted by name.
    static func files(at path: String) throws(DiagnosticError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError([.error("config '\(path)' does not exist", at: nil)])
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        if files.isEmpty { throw DiagnosticError([.error("folder '\(path)' has no *.yaml files", at: nil)]) }
        return files
    }

    static func baseDirectory(of path: String) -> String {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let url = URL(fileURLWithPath: path)
        return isDirectory.boolValue ? url.path : url.deletingLastPathComponent().path
    }

    /// FNV-1a over the files' bytes and names: cheap, stable, enough to tell two configs apart.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func digest(_ files: [String], maxBytes: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        for file in files {
            Array(URL(fileURLWithPath: file).lastPathComponent.utf8).withUnsafeBytes(mix)
            // Only a regular file is read a second time: a pipe would lose to this read what the
            // parser needs, and a device (`/dev/zero`) never ends. Past `maxBytes` the parser
            // refuses the file anyway.
            guard Self.isRegularFile(file), let handle = FileHandle(forReadingAtPath: file) else { continue }
            defer { try? handle.close() }
            var left = maxBytes
            // In chunks: a large config is not held a second time beside its document.
            while left > 0, let chunk = try? handle.read(upToCount: min(1 << 20, left)), !chunk.isEmpty {
                chunk.withUnsafeBytes(mix)
                left -= chunk.count
            }
        }
        return String(hash, radix: 16)
    }
}
