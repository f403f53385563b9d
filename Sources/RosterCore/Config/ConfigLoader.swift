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
    /// From this many people on, people are decoded and resolved in two halves on two cores.
    public var shardMinimum = 20_000
    /// The day `until:` is compared with (`--now`); nil: today in the config's `timezone:`.
    public var today: CalendarDay?

    public init(registry: ProviderRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: YAMLLimits = .init()) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
    }

    static let topLevelKeys = ["version", "backends", "people", "resources", "teams", "timezone", "expire_to"]

    /// With `backendsOnly`, `people` and `resources` are not read (what `roster import` needs).
    public func load(path: String, backendsOnly: Bool = false) throws(DiagnosticError) -> RosterConfig {
        ProcessMemory.tune()
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
    /// `resources` ask for. Every problem is collected, the people's own included: a person is
    /// decoded here, once, and resolved on every backend of its accounts right away. A large
    /// config's people are resolved in two halves on two cores and joined afterwards; a duplicate
    /// across the halves is reported as one pass reports it.
    public func resolve(_ config: RosterConfig) throws(DiagnosticError) -> [String: DesiredState] {
        let entries = config.personEntries
        let shards = Self.shards(entries.count, minimum: shardMinimum)
        let bounds = (0...shards).map { entries.count * $0 / shards }
        let results = Mutex([(states: [DesiredState], diagnostics: [Diagnostic])?](repeating: nil, count: shards))
        let run = { @Sendable (shard: Int) in
            let result = resolve(config, people: bounds[shard]..<bounds[shard + 1], resources: shard == 0)
            results.withLock { $0[shard] = result }
        }
        if shards == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: shards, execute: run) }
        var parts = results.withLock { results in
            defer { results = [] }
            return results
        }
        // Every part's problems and those of the joins; the bag sorts them by place.
        let bag = DiagnosticBag()
        guard var first = parts[0].take() else { return [:] }
        first.diagnostics.forEach(bag.add)
        // Moved out, so that joining grows them in place.
        var states = first.states
        first.states = []
        for shard in 1..<shards {
            guard var part = parts[shard].take() else { continue }
            part.diagnostics.forEach(bag.add)
            // Each state moved into the join, which lets its columns go as it copies them.
            for i in part.states.indices {
                var joined = DesiredState(backend: states[i].backend)
                swap(&joined, &part.states[i])
                states[i].append(consume joined, bag: bag)
            }
        }
        try bag.check()
        var byName: [String: DesiredState] = [:]
        for state in states { byName[state.backend] = state }
        return byName
    }

    /// Halves for a large config on a machine with two cores or more; one part otherwise.
    static func shards(_ people: Int, minimum: Int) -> Int {
        people >= minimum && YAMLDocument.hasSecondCore ? 2 : 1
    }

    /// Every backend's desired state from some people (and the backends' `resources`, when
    /// asked), in `config.backends` order.
    private func resolve(_ config: RosterConfig, people: Range<Int>,
                         resources: Bool) -> (states: [DesiredState], diagnostics: [Diagnostic]) {
        let bag = DiagnosticBag()
        let (decoder, names) = personDecoder(config, bag: bag)
        let reader = decoder.reader
        let backends = config.backends
        var index: [String: Int] = [:]
        for (i, backend) in backends.enumerated() { index[backend.name] = i }
        let providers = backends.map { registry[$0.type] }
        var states = backends.map { DesiredState(backend: $0.name) }
        // A person's account is two or three objects; with one backend, all of them are its. The
        // first half makes room for the second too, so that joining it grows nothing.
        if backends.count == 1 { states[0].reserve((resources ? config.personEntries.count : people.count) * 3) }
        if resources {
            for (i, backend) in backends.enumerated() {
                guard let provider = providers[i], let node = config.resources[backend.name] else { continue }
                provider.resolve(resources: node, backend: backend, into: &states[i], reader: reader)
            }
        }
        // Teams, `until:` and the checks every account gets: `TeamMerge+Resolve.swift`.
        let context = PersonContext(config: config, index: index, providers: providers, reader: reader,
                                    today: day(for: config))
        for entry in config.personEntries[people] {
            guard let person = decoder.decodePerson(entry, backends: names) else { continue }
            resolve(person, context, into: &states)
        }
        return (states, bag.diagnostics)
    }

    /// Every person of the config, decoded (their problems are reported by `resolve`).
    public func people(of config: RosterConfig) -> [Person] {
        let (decoder, names) = personDecoder(config, bag: DiagnosticBag())
        return config.personEntries.compactMap { decoder.decodePerson($0, backends: names) }
    }

    /// A decoder of the config's people into `bag`, and the backend names their accounts may use.
    private func personDecoder(_ config: RosterConfig, bag: DiagnosticBag) -> (ConfigDecoder, Set<String>) {
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: config.baseDirectory)
        return (ConfigDecoder(registry: registry, reader: reader), Set(config.backends.map(\.name)))
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

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// FNV-1a over the files' bytes and names: cheap, stable, enough to tell two configs apart.
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
