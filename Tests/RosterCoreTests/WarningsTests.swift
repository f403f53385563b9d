import Foundation
import RosterCore
import RosterYAML
import Testing
import RosterTestSupport

/// The memory provider plus two warnings: a disabled person cannot be expressed (at resolve), and
/// a group created with the description `legacy` (a plan-time check).
struct WarningProvider: Provider {
    let memory: MemoryProvider
    var type: String { memory.type }
    var kinds: [ResourceKind] { memory.kinds }
    var settingKeys: [String] { memory.settingKeys }

    func readSettings(_ node: YAMLNode, backend: String, reader: ValueReader) -> (any ProviderSettings)? {
        memory.readSettings(node, backend: backend, reader: reader)
    }

    func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                 reader: ValueReader) {
        if person.state == .disabled {
            reader.bag.warning("'\(person.name)' is disabled, which memory cannot express", at: person.location)
            return
        }
        memory.resolve(person: person, account: account, backend: backend, into: &state, reader: reader)
    }

    func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader) {
        memory.resolve(resources: resources, backend: backend, into: &state, reader: reader)
    }

    func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] {
        guard change.operation == .create, change.after?["description"]?.string == "legacy" else { return [] }
        return [Diagnostic(.warning, "group '\(change.id.keyString)' is legacy", at: change.location,
                           notes: [.init("rename it one day")])]
    }

    func connect(_ backend: BackendConfig, context: SessionContext) async throws -> any ProviderSession {
        try await memory.connect(backend, context: context)
    }
}

/// Warnings of the load, the resolve and the plan-time checks reach the loaded config and the
/// plan, sorted by place, and every form of the plan shows them.
@Suite struct WarningsTests {
    static let yaml = """
        version: 1
        backends:
          mem: {type: memory, url: sandbox}
        resources:
          mem:
            groups:
              ⟨G⟩old: {description: legacy}
        people:
          ⟨D⟩dora: {state: disabled, accounts: {mem: {}}}
          ⟨E⟩eve: {state: disabled, password: '${env:PW}', accounts: {mem: {}}}

        """

    static func plan(_ marked: MarkedText) async throws -> (Plan, Pipeline.Loaded, String) {
        let store = MemoryStore()
        let folder = TempFolder()
        let file = folder.write("roster.yaml", marked.text)
        let pipeline = Pipeline(registry: ProviderRegistry([WarningProvider(memory: MemoryProvider(store: store))]),
                                environment: ["PW": "canary-secret-1234"])
        let loaded = try withExtendedLifetime(folder) { try pipeline.load(path: file) }
        let live = try await pipeline.fetch(loaded, sessions: ["mem": MemorySession(store: store, backend: "mem", mode: .readOnly)])
        return (try pipeline.plan(loaded, live: live), loaded, file)
    }

    @Test func resolveWarningsReachTheLoadedConfig() async throws {
        let marked = MarkedText(Self.yaml)
        let (_, loaded, file) = try await Self.plan(marked)
        #expect(loaded.warnings.map { $0.location?.description } == ["D", "E"].map { marked.location($0, file: file) })
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func planCarriesEveryWarningSortedByPlace() async throws {
        let marked = MarkedText(Self.yaml)
        let (plan, _, file) = try await Self.plan(marked)
        #expect(plan.warnings.map { $0.location?.description } == ["G", "D", "E"].map { marked.location($0, file: file) })
        #expect(plan.warnings.map(\.message) == ["group 'old' is legacy", "'dora' is disabled, which memory cannot express",
                                                 "'eve' is disabled, which memory cannot express"])
        // Selecting actions keeps them.
        #expect(plan.without([0]).warnings == plan.warnings)
    }

    @Test func textPlanShowsTheWarnings() async throws {
        let marked = MarkedText(Self.yaml)
        let (plan, _, file) = try await Self.plan(marked)
        let text = TextRenderer(color: false).render(plan)
        #expect(text.contains("Warnings:\n  \(marked.location("G", file: file)): warning: group 'old' is legacy\n"
                              + "    note: rename it one day\n"), "\(text)")
        #expect(text.contains("  \(marked.location("E", file: file)): warning: 'eve' is disabled"), "\(text)")
        #expect(text.hasSuffix(plan.summary + "\n"))
        #expect(!text.contains("canary-secret-1234"))
    }

    @Test func jsonPlanCarriesTheWarningsAndReadsBack() async throws {
        let marked = MarkedText(Self.yaml)
        let (plan, _, file) = try await Self.plan(marked)
        let document = PlanDocument(plan)
        let warnings = try #require(document.warnings)
        #expect(warnings.count == 3)
        let g = try #require(marked.markers["G"])
        #expect(warnings[0] == PlanDocument.Warning(message: "group 'old' is legacy", file: file, line: g.line, column: g.column,
                                                    notes: [.init(message: "rename it one day")]))
        let decoded = try PlanDocument.decode(document.encoded())
        #expect(decoded == document)
        let json = String(decoding: document.encoded(), as: UTF8.self)
        #expect(json.contains("\"warnings\""))
        let schema = try JSONSchema(file: RosterTestSupport.packageRoot + "/schemas/plan.schema.json")
        #expect(schema.validate(try JSON.parse(document.encoded())) == [])
    }

    @Test func aPlanWithoutWarningsHasNoWarningsKey() throws {
        let plan = Plan(configDigest: "d", backends: [], actions: [])
        let json = String(decoding: PlanDocument(plan).encoded(), as: UTF8.self)
        #expect(!json.contains("warnings"))
        // A saved plan written before warnings existed still reads.
        let old = #"{"format_version": 1, "config_digest": "d", "summary": {"create": 0, "update": 0, "delete": 0}, "backends": [], "actions": []}"#
        #expect(try PlanDocument.decode(Data(old.utf8)).warnings == nil)
    }

    @Test func markdownPlanHasAWarningsSection() async throws {
        let marked = MarkedText(Self.yaml)
        let (plan, _, file) = try await Self.plan(marked)
        let markdown = MarkdownRenderer().render(plan)
        let d = marked.location("D", file: file)
        #expect(markdown.contains("#### Warnings\n\n"), "\(markdown)")
        #expect(markdown.contains("- ⚠️ " + MarkdownRenderer.escape("\(d): 'dora' is disabled, which memory cannot express") + "\n"),
                "\(markdown)")
        #expect(markdown.contains("  - note: rename it one day\n"), "\(markdown)")
        // Before the changes, so that a long plan never cuts them.
        let warnings = try #require(markdown.range(of: "#### Warnings"))
        let changes = try #require(markdown.range(of: "#### "  + MarkdownRenderer.unowned))
        #expect(warnings.lowerBound < changes.lowerBound)
    }

    @Test func markdownEscapesAWarning() {
        var plan = Plan(configDigest: "d", backends: [], actions: [])
        plan.warnings = [Diagnostic(.warning, "person '<b>x</b>|*y*' is disabled", at: nil)]
        let markdown = MarkdownRenderer().render(plan)
        #expect(markdown.contains("#### Warnings"), "\(markdown)")
        #expect(markdown.contains("&lt;b&gt;x&lt;/b&gt;\\|\\*y\\*"), "\(markdown)")
        #expect(!markdown.contains("<b>"))
    }

    @Test func insecureIsAWarningOfTheConfig() throws {
        let marked = MarkedText("""
            version: 1
            backends:
              mem: {type: memory, url: 'https://mem.example', ⟨I⟩insecure: true}

            """)
        let folder = TempFolder()
        let file = folder.write("roster.yaml", marked.text)
        let pipeline = Pipeline(registry: ProviderRegistry([MemoryProvider(store: MemoryStore())]), environment: [:])
        let loaded = try withExtendedLifetime(folder) { try pipeline.load(path: file) }
        #expect(loaded.warnings.map(\.description) == [
            "\(marked.location("I", file: file)): warning: backend 'mem': TLS certificate verification is off ('insecure: true')\n"
                + "note: anyone between roster and https://mem.example can read its credentials; use 'ca_file:' to trust a private CA instead",
        ])
    }
}
