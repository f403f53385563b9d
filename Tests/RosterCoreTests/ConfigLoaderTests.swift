import Foundation
import RosterCore
import Testing
import RosterTestSupport

@Suite struct ConfigLoaderTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    func errors(_ marked: MarkedText, env: [String: String] = [:]) -> (String, [Diagnostic]) {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", marked.text)
        do throws(DiagnosticError) {
            let loader = ConfigLoader(registry: registry, environment: env)
            let config = try loader.load(path: file)
            _ = try loader.resolve(config)
            return (file, [])
        } catch {
            return (file, error.diagnostics)
        }
    }

    static let backends = "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\n"

    @Test func yamlSyntaxErrorHasItsPlace() {
        let text = MarkedText(Self.backends + "people:\n  a: {first_name: [x}\n⟨E⟩")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.count >= 1)
        #expect(diagnostics.first?.location?.file == file)
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func unknownKeySuggestsTheClosest() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    ⟨K⟩frist_name: Alice\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix(text.location("K", file: file) + ": error: unknown key 'frist_name'"))
        #expect(diagnostics[0].notes.map(\.message) == ["did you mean 'first_name'?"])
    }

    @Test func wrongTypeNamesTheKey() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    first_name: ⟨T⟩[Alice]\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.map(\.description).first?.hasPrefix(
            text.location("T", file: file) + ": error: 'first_name' must be a string") == true)
    }

    @Test func duplicateKeyPointsAtBoth() {
        let text = MarkedText(Self.backends + "people:\n  ⟨A⟩a: {}\n  ⟨B⟩a: {}\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location?.description == text.location("B", file: file))
        #expect(diagnostics.first?.notes.first?.location?.description == text.location("A", file: file))
    }

    @Test func missingEnvironmentVariable() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    password: ⟨P⟩${env:ROSTER_TEST_NOT_SET}\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.first?.description.hasPrefix(
            text.location("P", file: file) + ": error: environment variable 'ROSTER_TEST_NOT_SET' is not set") == true)
    }

    @Test func unknownBackendInAccount() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    accounts:\n      ⟨U⟩men: {}\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.first?.description.hasPrefix(
            text.location("U", file: file) + ": error: unknown backend 'men'") == true)
        #expect(diagnostics.first?.notes.first?.message == "did you mean 'mem'?")
    }

    @Test func anAccountMustBeAMapping() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    accounts: {mem: ⟨A⟩[x]}\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.map(\.description) == [text.location("A", file: file) + ": error: account of 'a' on 'mem' must be a mapping"])
    }

    @Test func everyProblemIsCollected() {
        let text = MarkedText(Self.backends + "people:\n  a:\n    ⟨1⟩frist_name: A\n    state: ⟨2⟩gone\n  b:\n    ⟨3⟩mail: x\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.compactMap(\.location?.description) == ["1", "2", "3"].map { text.location($0, file: file) })
    }

    @Test func secretsFromEnvironmentAndFile() throws {
        let folder = TempFolder()
        folder.write("pw.txt", "from-file\n")
        let file = folder.write("roster.yaml", Self.backends + "people:\n  a: {password: '${file:pw.txt}'}\n  b: {password: '${env:PW}'}\n")
        let loader = ConfigLoader(registry: registry, environment: ["PW": "from-env"])
        let config = try loader.load(path: file)
        #expect(loader.people(of: config).map { $0.password?.reveal() } == ["from-file", "from-env"])
        #expect("\(loader.people(of: config)[0].password!)" == "(sensitive)")
    }

    @Test func folderMergesAndRejectsANameDefinedTwice() {
        let folder = TempFolder()
        folder.write("a.yaml", Self.backends + "people:\n  alice: {}\n")
        let second = MarkedText("people:\n  bob: {}\n  ⟨D⟩alice: {}\n")
        let file = folder.write("b.yaml", second.text)
        do throws(DiagnosticError) {
            _ = try ConfigLoader(registry: registry, environment: [:]).load(path: folder.path)
            Issue.record("a person defined in two files must be an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].location?.description == second.location("D", file: file))
            #expect(error.diagnostics[0].notes.first?.location?.file == folder.path + "/a.yaml")
        }
    }

    @Test func folderMergeKeepsEveryPerson() throws {
        let folder = TempFolder()
        folder.write("a.yaml", Self.backends + "people:\n  alice: {}\n")
        folder.write("b.yaml", "people:\n  bob: {}\n")
        let loader = ConfigLoader(registry: registry, environment: [:])
        let config = try loader.load(path: folder.path)
        #expect(loader.people(of: config).map(\.name) == ["alice", "bob"])
    }

    @Test func anchorsAliasesAndMergeKeysShareDefaults() throws {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", Self.backends + """
            people:
              alice: &staff
                email: alice@example.com
                state: disabled
                accounts: &mem {mem: {groups: [ops]}}
              bob:
                <<: *staff
                email: bob@example.com
              carol: {accounts: *mem}
            """)
        let loader = ConfigLoader(registry: registry, environment: [:])
        let config = try loader.load(path: file)
        #expect(loader.people(of: config).map(\.email) == ["alice@example.com", "bob@example.com", nil])
        #expect(loader.people(of: config).map(\.state) == [.disabled, .disabled, .active])
        let desired = try loader.resolve(config)
        #expect(desired["mem"]?.resources.count == 6)
    }

    @Test func unknownBackendTypeListsTheKnownOnes() {
        let text = MarkedText("version: 1\nbackends:\n  x: {type: ⟨T⟩memroy, url: sandbox}\n")
        let (file, diagnostics) = errors(text)
        #expect(diagnostics.first?.location?.description == text.location("T", file: file))
        #expect(diagnostics.first?.notes.map(\.message).contains("did you mean 'memory'?") == true)
    }
}
