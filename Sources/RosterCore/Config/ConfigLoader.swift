import Foundation
import RosterYAML

/// Reads `roster.yaml`, or every `*.yaml` of a folder merged, into a typed config. Every problem is
/// collected; the load fails with all of them.
public struct ConfigLoader: Sendable {
    public let registry: ProviderRegistry
    public let environment: [String: String]
    public var limits: YAMLLimits

    public init(registry: ProviderRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: YAMLLimits = .init()) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
    }

    static let topLevelKeys = ["version", "backends", "people", "resources"]

    public func load(path: String) throws(DiagnosticError) -> RosterConfig {
        let files = try Self.files(at: path)
        let bag = DiagnosticBag()
        var documents: [YAMLDocument] = []
        for file in files {
            do { documents.append(try YAMLDocument.load(path: file, limits: limits)) }
            catch { error.errors.forEach { bag.add(Diagnostic($0)) } }
        }
        try bag.check()
        return try decode(documents, files: files, digest: Self.digest(files), base: Self.baseDirectory(of: path), bag: bag)
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
                        bag: DiagnosticBag) throws(DiagnosticError) -> RosterConfig {
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: base)
        var config = ConfigDecoder(registry: registry, reader: reader).decode(documents, files: files, digest: digest)
        config.baseDirectory = base
        try bag.check()
        return config
    }

    /// The desired state of every backend: what each person's accounts and each backend's
    /// `resources` ask for. Every problem is collected.
    public func resolve(_ config: RosterConfig) throws(DiagnosticError) -> [String: DesiredState] {
        let bag = DiagnosticBag()
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: config.baseDirectory)
        var states: [String: DesiredState] = [:]
        var accounts: [String: Int] = [:]
        for person in config.people { for account in person.accounts { accounts[account.backend, default: 0] += 1 } }
        for backend in config.backends {
            states[backend.name] = DesiredState(backend: backend.name)
            states[backend.name]!.reserve(accounts[backend.name, default: 0] * 3)
        }
        let backends = Dictionary(uniqueKeysWithValues: config.backends.map { ($0.name, $0) })
        for (name, node) in config.resources.sorted(by: { $0.key < $1.key }) {
            guard let backend = backends[name], let provider = registry[backend.type] else { continue }
            provider.resolve(resources: node, backend: backend, into: &states[name]!, reader: reader)
        }
        for person in config.people {
            for account in person.accounts {
                guard let backend = backends[account.backend], let provider = registry[backend.type] else { continue }
                // Every provider reads an account as a mapping (empty: `{}` or nothing).
                guard account.node.kind == .mapping || account.node.isNull else {
                    bag.error("account of '\(person.name)' on '\(backend.name)' must be a mapping", at: account.location)
                    continue
                }
                if person.passwordUpdate == .verify && !provider.canVerifyPasswords {
                    bag.error("'password_update: verify' is not possible on '\(backend.name)': \(backend.type) cannot check a password without changing it",
                              at: account.location, notes: [.init("use 'on_create' or 'always' for '\(person.name)'")])
                }
                provider.resolve(person: person, account: account, backend: backend,
                                 into: &states[account.backend]!, reader: reader)
            }
        }
        try bag.check()
        return states
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
    static func digest(_ files: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        for file in files {
            Array(URL(fileURLWithPath: file).lastPathComponent.utf8).withUnsafeBytes(mix)
            FileManager.default.contents(atPath: file)?.withUnsafeBytes(mix)
        }
        return String(hash, radix: 16)
    }
}
