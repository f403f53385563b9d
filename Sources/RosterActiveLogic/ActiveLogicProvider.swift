import Foundation
import RosterCore
import RosterExternal
import RosterYAML

/// `type: activelogic`: users and their SSH keys on an ActiveLogic (PacketLogic) system, through
/// the vendor's Python module `activelogic`, driven by the provider program shipped with roster
/// (`program/activelogic_provider.py`) over the external-provider protocol.
///
/// The kinds are fixed here, at build time, like every other type's: the core plans from them
/// before any program runs. At connect the program's `describe` must agree with them, so a
/// program of another version fails with a clear error instead of planning nonsense.
public struct ActiveLogicProvider: Provider {
    public init() {}

    public let type = "activelogic"

    public enum Kind {
        public static let user = "activelogic.user"
        public static let pubkey = "activelogic.pubkey"
    }

    /// A user's `sign_in` (see `ActiveLogicProvider+Lockout.swift`).
    public typealias SignIn = Lockout.SignIn

    /// The permission masks (64-bit bitmasks), each an attribute of a user.
    static let masks = ["readbm", "writebm", "lviewbm"]

    public let kinds: [ResourceKind] = [
        // Names compare exactly. `name` is the live name; a rename (`previous_names:`) is an update
        // from the old one to the new. A new user gets `add_user`'s defaults: every mask 0, no
        // timeout, no host limit.
        ResourceKind(Kind.user, key: ["name"], attributes: [
            // Plans show masks as the config writes them: `all`, or hexadecimal.
            AttributeSpec("name"), AttributeSpec("readbm", default: .int(0), display: ActiveLogicValues.maskDisplay),
            AttributeSpec("writebm", default: .int(0), display: ActiveLogicValues.maskDisplay),
            AttributeSpec("lviewbm", default: .int(0), display: ActiveLogicValues.maskDisplay), AttributeSpec("timeout", default: .int(0)),
            AttributeSpec("hosts", default: .set([])), AttributeSpec("password", .writeOnly), AttributeSpec("sign_in"),
        ], canRename: true,
        lockout: .randomPassword(zeroed: ActiveLogicProvider.masks, removedChildren: [Kind.pubkey])),
        // Offboarding removes each key before its user, as its own action.
        ResourceKind(Kind.pubkey, key: ["user", "key"], parents: [Dependency(Kind.user, key: [0], cascadesOnDelete: false)]),
    ]

    /// The built-in account: the system refuses to remove it, and roster never plans it.
    public static let adminName = "admin"

    public struct Settings: ProviderSettings {
        public var username: String
        public var password: Secret
        public var program: ExternalProgramSettings
    }

    public let settingKeys = ["username", "password", "python"] + ExternalProgramSettings.keys

    public func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        let sandbox = node["url"]?.scalar == "sandbox"
        let username = node["username"].flatMap { reader.string($0, "username") } ?? (sandbox ? "admin" : nil)
        let password = node["password"].flatMap { reader.secret($0, "password") }
            ?? (sandbox ? Secret("sandbox-admin") : nil)
        let python = node["python"].flatMap { reader.string($0, "python") } ?? "python3"
        if node["python"] != nil, node["program"] != nil {
            reader.bag.error("'python' and 'program' cannot both be set", at: node.location,
                             notes: [.init("'python' picks the interpreter of the built-in program")])
        }
        // The vendor module makes its own connection; roster's TLS keys cannot reach it.
        for key in ["ca_file", "insecure", "proxy"] {
            guard let entry = node.entries.first(where: { $0.key.scalar == key }) else { continue }
            reader.bag.error("'\(key)' does not apply to an activelogic backend: the vendor module makes its own connection",
                             at: entry.key.location)
        }
        let program = ExternalProgramSettings.read(node, backend: backend, reader: reader,
                                                   defaultCommand: Self.builtInProgram.map { [python, $0] })
        guard let username, let password, let program else {
            if node["username"] == nil { reader.bag.error("backend '\(backend)' needs 'username'", at: node.location) }
            if node["password"] == nil { reader.bag.error("backend '\(backend)' needs 'password'", at: node.location) }
            return nil
        }
        return Settings(username: username, password: password, program: program)
    }

    /// The provider program shipped with roster, next to the executable in its resource bundle.
    static var builtInProgram: String? {
        Bundle.module.url(forResource: "program", withExtension: nil)?.appendingPathComponent("activelogic_provider.py").path
    }

    public var canVerifyPasswords: Bool { true }
    /// The program answers a pull-request plan's fetch with the named users only (`named_only`):
    /// the module lists every user, but only those cross the pipe.
    public var readsNamedObjectsByKey: Bool { true }

    public func isPermanent(_ id: ResourceID) -> Bool { id.kind == Kind.user && id.key == [Self.adminName] }

    public func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        guard let settings = backend.settings as? Settings else {
            throw RosterError(backend: backend.name, operation: "connect", message: "settings of another type")
        }
        let session = try await ExternalSession.open(
            backend: backend.name, kinds: kinds, settings: settings.program,
            connect: ["url": .string(context.url),
                      "settings": .object(["username": .string(settings.username),
                                           "password": .string(settings.password.reveal())])],
            secrets: [settings.password.reveal()], mode: context.mode, environment: context.environment)
        return ActiveLogicSession(external: session)
    }

    public func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] {
        guard change.id.kind == Kind.user, change.operation == .create, change.value("password") == nil,
              change.value("sign_in") != .string(SignIn.locked) else { return [] }
        return [.error("user '\(change.id.keyString)' must be created on '\(backend.name)' but has no password",
                       at: change.location, notes: [.init("set 'password' on the person or on the account")])]
    }
}
