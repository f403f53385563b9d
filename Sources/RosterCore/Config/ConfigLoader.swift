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
    /// Folders outside the config's own that `${file:PATH}` may read (`--secrets-dir`).
    public var secretsDirectories: [String] = []
    /// The day `until:` is compared with (`--now`); nil: today in the config's `timezone:`.
    public var today: CalendarDay?

    public init(registry: ProviderRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: YAMLLimits = .init()) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
    }

    static let topLevelKeys = ["version", "backends", "people", "resources", "teams", "timezone", "expire_to"]

    /// A config loaded and resolved: what `Pipeline.load` works from.
    public struct Resolved: Sendable {
        public var config: RosterConfig
        public var desired: [String: DesiredState]
        /// Every warning of the load and of the resolve, sorted by place.
        public var warnings: [Diagnostic]
    }

    /// Loads and resolves in one pass: every problem of the backends, the people and their
    /// accounts is reported at once, sorted by place. Only a file that is not YAML stops the
    /// load before the rest is checked.
    public func loadResolved(path: String) throws(DiagnosticError) -> Resolved {
        let bag = DiagnosticBag()
        var config = try decode(path: path, bag: bag)
        config.warnings = bag.warnings
        let (desired, diagnostics) = resolveCollecting(config)
        diagnostics.forEach(bag.add)
        try bag.check()
        return Resolved(config: config, desired: desired, warnings: bag.warnings)
    }

    /// With `backendsOnly`, `people` and `resources` are not read (what `roster import` needs).
    /// The config's `warnings` are those of the load.
    /// `replacing`: files read from these bytes instead of from disk (a pull-request plan's base,
    /// its unchanged people blanked out: `PeopleText`).
    public func load(path: String, backendsOnly: Bool = false,
                     replacing: [String: [UInt8]] = [:]) throws(DiagnosticError) -> RosterConfig {
        let bag = DiagnosticBag()
        var config = try decode(path: path, bag: bag, backendsOnly: backendsOnly, replacing: replacing)
        try bag.check()
        config.warnings = bag.warnings
        return config
    }

    /// The config of `path`, its problems in `bag`. Throws only when a file cannot be parsed:
    /// past that, every problem is collected.
    private func decode(path: String, bag: DiagnosticBag, backendsOnly: Bool = false,
                        replacing: [String: [UInt8]] = [:]) throws(DiagnosticError) -> RosterConfig {
        ProcessMemory.tune()
        let files = try Self.files(at: path)
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
            do {
                if let bytes = replacing[file] {
                    documents.append(try YAMLDocument.parse(bytes: bytes, file: file, limits: limits))
                } else {
                    documents.append(contentsOf: try YAMLDocument.loadParts(path: file, limits: limits, threshold: partsThreshold))
                }
            } catch { error.errors.forEach { bag.add(Diagnostic($0)) } }
        }
        digested.wait()
        try bag.check()
        return decode(documents, files: files, digest: digest.withLock { $0 } ?? "",
                      base: Self.baseDirectory(of: path), bag: bag, backendsOnly: backendsOnly)
    }

    /// Reads one config file's bytes as `load(path:)` reads the file: `file` names it in locations,
    /// relative paths start from `baseDirectory`. (The fuzz target and hostile-input tests use it.)
    public func load(bytes: [UInt8], file: String, baseDirectory: String,
                     backendsOnly: Bool = false) throws(DiagnosticError) -> RosterConfig {
        let bag = DiagnosticBag()
        var documents: [YAMLDocument] = []
        do { documents.append(try YAMLDocument.parse(bytes: bytes, file: file, limits: limits)) }
        catch { error.errors.forEach { bag.add(Diagnostic($0)) } }
        try bag.check()
        var config = decode(documents, files: [file], digest: "", base: baseDirectory, bag: bag, backendsOnly: backendsOnly)
        try bag.check()
        config.warnings = bag.warnings
        return config
    }

    private func decode(_ documents: [YAMLDocument], files: [String], digest: String, base: String,
                        bag: DiagnosticBag, backendsOnly: Bool = false) -> RosterConfig {
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: base,
                                 secretsDirectories: secretsDirectories)
        var config = ConfigDecoder(registry: registry, reader: reader, backendsOnly: backendsOnly)
            .decode(documents, files: files, digest: digest)
        config.baseDirectory = base
        return config
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
