@testable import RosterCore
import RosterYAML

/// A provider that only declares kinds, for building the diff and the plan from values: desired
/// and live objects are written in the test, nothing is read from YAML or from a system.
///
/// - `val.user` (name; renamable): `email`, `shell` (server default `/bin/sh`), `roles` (a list,
///   complete when written), `password` (write-only), `uid` (read-only). `root` is permanent.
/// - `val.login` (name; not renamable): `email`.
/// - `val.group` (name): `description`, shown as a mask.
/// - `val.membership` (group, user): a child of both that must go before either.
/// - `val.role` (user, role): a child of a user that goes with it; removals of roles go first.
/// - `val.account` (name): locked by a random password, which zeroes `mask` and removes its keys.
/// - `val.key` (account, key): a child of an account that must go first.
/// - `val.commit` (name): a trailing step.
struct ValueProvider: Provider {
    struct Settings: ProviderSettings {}

    let type = "val"
    let settingKeys: [String] = []
    let kinds: [ResourceKind] = [
        ResourceKind("val.user", key: ["name"], attributes: [
            AttributeSpec("email"), AttributeSpec("shell", default: "/bin/sh"), AttributeSpec("roles"),
            AttributeSpec("password", .writeOnly), AttributeSpec("uid", .readOnly),
        ], canRename: true),
        ResourceKind("val.login", key: ["name"], attributes: [AttributeSpec("email")]),
        ResourceKind("val.group", key: ["name"], attributes: [AttributeSpec("description", display: .mask(all: 7))]),
        ResourceKind("val.membership", key: ["group", "user"], parents: [
            Dependency("val.group", key: [0], cascadesOnDelete: false),
            Dependency("val.user", key: [1], cascadesOnDelete: false),
        ]),
        ResourceKind("val.role", key: ["user", "role"], parents: [Dependency("val.user", key: [0])], removalsFirst: true),
        ResourceKind("val.account", key: ["name"], attributes: [
            AttributeSpec("mask", default: 0), AttributeSpec("password", .writeOnly), AttributeSpec(Lockout.SignIn.attribute),
        ], lockout: .randomPassword(zeroed: ["mask"], removedChildren: ["val.key"])),
        ResourceKind("val.key", key: ["account", "key"], parents: [Dependency("val.account", key: [0], cascadesOnDelete: false)]),
        ResourceKind("val.commit", key: ["name"], isTrailing: true),
    ]

    func isPermanent(_ id: ResourceID) -> Bool { id.kind == "val.user" && id.key == ["root"] }

    func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? { Settings() }
    func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                 reader: ValueReader) {}
    func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader) {}
    func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        throw CancellationError()
    }
}

/// Values for the diff and plan tests.
enum Values {
    static let provider = ValueProvider()

    /// A backend named `name` of the value provider, built directly (the YAML node it carries is an
    /// empty mapping the provider never reads).
    static func backend(_ name: String = "b", prune: PruneMode = .none, protect: [String] = []) -> BackendConfig {
        let empty = try! YAMLDocument.parse("{}", file: "values").root
        return BackendConfig(name: name, type: "val", url: "sandbox", location: place(1), prune: prune, protect: protect,
                             node: empty, settings: ValueProvider.Settings())
    }

    static func id(_ kind: String, _ key: String..., backend: String = "b") -> ResourceID {
        ResourceID(backend: backend, kind: "val.\(kind)", key: key)
    }

    static func place(_ line: Int) -> SourceLocation { SourceLocation(file: "people.yaml", line: line, column: 3) }

    static func desired(_ build: (inout DesiredState, DiagnosticBag) -> Void) -> DesiredState {
        var state = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        build(&state, bag)
        precondition(!bag.hasErrors, "\(bag.diagnostics)")
        return state
    }

    static func diff(_ desired: DesiredState, _ live: [Resource], prune: PruneMode = .none, protect: [String] = [],
                     mismatches: Set<ResourceID> = []) -> [Change] {
        Differ(provider: provider, backend: backend(prune: prune, protect: protect))
            .diff(desired: desired, live: LiveState(resources: live, passwordMismatches: mismatches))
    }

    /// `create val.user ann`, one line per change, in the diff's order.
    static func lines(_ changes: [Change]) -> [String] {
        changes.map { "\($0.operation.rawValue) \($0.id.kind) \($0.id.keyString)" }
    }
}
