import Foundation
import RosterCore
import RosterTestSupport
import RosterYAML
import Testing

/// The diff built from values: keys compare as each kind's `identity` says, never as Swift's string
/// equivalence, and a spelling the server cannot tell apart is never a delete plus a create.
@Suite struct DifferIdentityTests {
    /// Logins compare without ASCII case (and can be renamed); names compare as Unicode NFC.
    struct IdentityProvider: Provider {
        struct Settings: ProviderSettings {}
        let type = "ident"
        let settingKeys: [String] = []
        let kinds: [ResourceKind] = [
            ResourceKind("ident.user", key: ["login"], identity: [.asciiCaseInsensitive],
                         attributes: [AttributeSpec("email"), AttributeSpec("shell", default: .string("/bin/sh"))],
                         canRename: true),
            ResourceKind("ident.role", key: ["login", "role"], identity: [.asciiCaseInsensitive],
                         parents: [Dependency("ident.user", key: [0])]),
            ResourceKind("ident.name", key: ["name"], identity: [.unicodeNFC]),
            ResourceKind("ident.exact", key: ["name"]),
        ]
        func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? { Settings() }
        func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                     reader: ValueReader) {}
        func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader) {}
        func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
            throw CancellationError()
        }
    }

    static let provider = IdentityProvider()

    static func backend(prune: String = "all", protect: String = "[]") throws -> BackendConfig {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", "version: 1\nbackends:\n  b: {type: ident, url: sandbox, prune: \(prune), protect: \(protect)}\n")
        return try #require(try ConfigLoader(registry: ProviderRegistry([provider])).load(path: file).backends.first)
    }

    static func id(_ kind: String, _ key: String...) -> ResourceID { ResourceID(backend: "b", kind: "ident.\(kind)", key: key) }

    static func diff(_ desired: DesiredState, _ live: [Resource], prune: String = "all", protect: String = "[]") throws -> [String] {
        try Differ(provider: provider, backend: backend(prune: prune, protect: protect))
            .diff(desired: desired, live: LiveState(resources: live))
            .map { "\($0.operation.rawValue) \($0.id.kind) \($0.id.keyString)" }
    }

    @Test func aLoginsCaseIsTheLiveUserAndItsRoles() throws {
        var desired = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        desired.add(Resource(Self.id("user", "ASmith"), ["email": "a@x"]), bag: bag)
        desired.claim("ident.role", under: ["ASmith"])
        desired.add(Resource(Self.id("role", "ASmith", "admin")), bag: bag)
        desired.add(Resource(Self.id("role", "ASmith", "new")), bag: bag)
        let live = [Resource(Self.id("user", "asmith"), ["email": "a@x"]), Resource(Self.id("role", "asmith", "admin")),
                    Resource(Self.id("role", "asmith", "old"))]
        // The new role goes to the live login, the unlisted one is removed: no user is created or deleted.
        #expect(try Self.diff(desired, live) == ["create ident.role asmith/new", "delete ident.role asmith/old"])
    }

    @Test func composedAndDecomposedAccentsAreOneNameOnlyWhereTheServerSaysSo() throws {
        let composed = "ren\u{00E9}", decomposed = "rene\u{0301}"
        #expect(ResourceID(backend: "b", kind: "k", key: [composed]) != ResourceID(backend: "b", kind: "k", key: [decomposed]))
        var desired = DesiredState(backend: "b")
        desired.add(Resource(Self.id("name", decomposed)), bag: DiagnosticBag())
        desired.add(Resource(Self.id("exact", decomposed)), bag: DiagnosticBag())
        let live = [Resource(Self.id("name", composed)), Resource(Self.id("exact", composed))]
        #expect(try Self.diff(desired, live) == ["create ident.exact \(decomposed)", "delete ident.exact \(composed)"])
    }

    @Test func keptObjectsAreNeverPrunedAndProtectComparesAsTheServer() throws {
        var desired = DesiredState(backend: "b")
        desired.keep(Resource(Self.id("user", "Bob")), bag: DiagnosticBag())
        let live = [Resource(Self.id("user", "bob"), ["email": "b@x"]), Resource(Self.id("user", "admin")),
                    Resource(Self.id("user", "carol"))]
        #expect(try Self.diff(desired, live, protect: "[ADMIN]") == ["delete ident.user carol"])
    }

    @Test func aNewObjectShowsItsDefaultsAndAnOmittedAttributeIsLeftAlone() throws {
        var desired = DesiredState(backend: "b")
        desired.add(Resource(Self.id("user", "dave"), ["email": "d@x"]), bag: DiagnosticBag())
        desired.add(Resource(Self.id("user", "erin")), bag: DiagnosticBag())
        let live = [Resource(Self.id("user", "erin"), ["email": "e@x", "shell": "/bin/zsh"])]
        let changes = try Differ(provider: Self.provider, backend: Self.backend(prune: "none"))
            .diff(desired: desired, live: LiveState(resources: live))
        #expect(changes.map(\.operation) == [.create])
        #expect(changes.first?.after?["shell"] == .string("/bin/sh"))
    }

    @Test func aPreviousNameInAnotherCaseRenames() throws {
        var desired = DesiredState(backend: "b")
        var user = Resource(Self.id("user", "robert"), ["email": "r@x"])
        user.previousKeys = [["BOB"]]
        desired.add(user, bag: DiagnosticBag())
        let live = [Resource(Self.id("user", "bob"), ["email": "r@x"]), Resource(Self.id("role", "bob", "admin"))]
        let changes = try Differ(provider: Self.provider, backend: Self.backend())
            .diff(desired: desired, live: LiveState(resources: live))
        #expect(changes.map { "\($0.operation.rawValue) \($0.id.keyString)" } == ["update robert"])
        #expect(changes.first?.before?["login"] == .string("bob") && changes.first?.after?["login"] == .string("robert"))
    }

    @Test func targetsAndProtectFoldAKeyAsItsKindDoes() throws {
        let kind = try #require(Self.provider.kind(named: "ident.role"))
        #expect(Selector("b/ident.role/ASMITH/admin").matches(Self.id("role", "asmith", "admin"), kind: kind))
        #expect(!Selector("b/ident.role/asmith/ADMIN").matches(Self.id("role", "asmith", "admin"), kind: kind))
        #expect(kind.keyMatches(pattern: "AS*", ["asmith", "admin"]))
        #expect(KeyIdentity.email.same("Ann@Example.COM", "ann@example.com"))
        #expect(!KeyIdentity.exact.same("Ann", "ann"))
    }
}
