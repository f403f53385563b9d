import Foundation
@testable import RosterCore
import RosterTestSupport
import Testing

/// The plan a reviewer reads: grouped by person then backend, every action attributed to its
/// person, deletions first, and what `--target`/`--exclude` left out. Golden files are rewritten
/// with `ROSTER_UPDATE_GOLDEN=1` after a deliberate change (then review their diff).
@Suite struct ReviewOutputTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func matchesGolden(_ text: String, _ name: String) throws {
        let path = folder.appendingPathComponent(name).path
        if ProcessInfo.processInfo.environment["ROSTER_UPDATE_GOLDEN"] != nil {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "run with ROSTER_UPDATE_GOLDEN=1 and review the diff of \(path)")
    }

    /// Two memory backends, `mem` (no pruning) and `lab` (prunes all), one store.
    static func plan(_ yaml: String, targets: [String] = [], excludes: [String] = [],
                     seed: (MemoryStore) -> Void) async throws -> Plan {
        let store = MemoryStore()
        seed(store)
        let folder = TempFolder()
        let file = folder.write("roster.yaml", "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\n"
            + "  lab: {type: memory, url: sandbox, prune: all}\n" + yaml)
        let pipeline = Pipeline(registry: ProviderRegistry([MemoryProvider(store: store)]), environment: [:])
        let loaded = try pipeline.load(path: file, targets: targets, excludes: excludes)
        let sessions: [String: any ProviderSession] = [
            "mem": MemorySession(store: store, backend: "mem", mode: .readOnly),
            "lab": MemorySession(store: store, backend: "lab", mode: .readOnly),
        ]
        let live = try await pipeline.fetch(loaded, sessions: sessions.filter { name, _ in loaded.backends.contains { $0.name == name } })
        return try pipeline.plan(loaded, live: live)
    }

    static func id(_ backend: String, _ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: "memory.\(kind)", key: key)
    }

    static let company = """
        resources:
          mem: {groups: {ops: {description: Ops}}}
        people:
          alice: {email: a@x, accounts: {mem: {groups: [ops]}, lab: {}}}
          bjones: {email: b@x, accounts: {mem: {groups: [ops]}}}
          carol: {state: absent, accounts: {mem: {}, lab: {}}}
        """

    static func companyPlan(targets: [String] = [], excludes: [String] = []) async throws -> Plan {
        try await plan(company, targets: targets, excludes: excludes) { store in
            store.seed(id("mem", "user", "bjones"), ["email": "b@x", "enabled": true])
            store.seed(id("mem", "group", "legacy"), ["description": "Old"])
            store.seed(id("mem", "membership", "legacy", "bjones"))
            store.seed(id("mem", "user", "carol"), ["enabled": true])
            store.seed(id("lab", "user", "carol"), ["enabled": true])
            store.seed(id("lab", "user", "stray"), ["enabled": true])
        }
    }

    @Test func textPlanIsGroupedByPersonThenBackendWithDeletionsFirst() async throws {
        let text = TextRenderer(color: false).render(try await Self.companyPlan())
        try Self.matchesGolden(text, "plan-grouped.txt")
        // bjones's removal is theirs, before their addition; the stranger is in the last group.
        let bjones = try #require(text.range(of: "bjones  ("))
        let unowned = try #require(text.range(of: Plan.unowned))
        let removal = try #require(text.range(of: "- memory.membership legacy/bjones"))
        let addition = try #require(text.range(of: "+ memory.membership ops/bjones"))
        #expect(bjones.upperBound < removal.lowerBound && removal.upperBound < addition.lowerBound)
        #expect(addition.upperBound < unowned.lowerBound)
        #expect(unowned.upperBound < text.range(of: "- memory.user stray  (pruned)")!.lowerBound)
    }

    @Test func aRemovalOfANamedPersonsChildIsTheirs() async throws {
        let plan = try await Self.companyPlan()
        let document = PlanDocument(plan)
        let removal = try #require(document.actions.first { $0.key == ["legacy", "bjones"] })
        #expect(removal.operation == .delete && removal.reason == .notInConfig)
        #expect(removal.owner == "bjones")
        #expect(removal.source?.contains("roster.yaml:") == true, "it points at bjones's entry")
        // Only objects no person owns are left without an owner.
        let unowned = document.actions.filter { $0.owner == nil }.map { "\($0.kind) \($0.key.joined(separator: "/"))" }
        #expect(unowned.sorted() == ["memory.group ops", "memory.user stray"])
    }

    @Test func aChildRemovedWithItsParentIsThePersonsWhoseDeletionItFollows() async throws {
        let plan = try await Self.plan("people:\n  dave: {state: absent, accounts: {mem: {}}}\n") { store in
            store.seed(Self.id("mem", "user", "dave"), ["enabled": true])
            store.seed(Self.id("mem", "membership", "ops", "dave"))
        }
        let removal = try #require(plan.actions.first { $0.change.id.kind == "memory.membership" })
        #expect(removal.change.reason == .parentDeleted)
        #expect(removal.change.owner == "dave")
    }

    @Test func everyTargetSaysWhatItLeftOut() async throws {
        let all = try await Self.companyPlan()
        let kind = try await Self.companyPlan(targets: ["mem/memory.user"])
        let mem = all.actions.count { $0.change.id.backend == "mem" }
        #expect(kind.summary.hasSuffix(" \(mem - kind.actions.count) change(s) left out by --target/--exclude (mem: \(mem - kind.actions.count)); backend(s) not read: lab."),
                "\(kind.summary)")
        let backend = try await Self.companyPlan(targets: ["mem"])
        #expect(backend.summary.hasSuffix(" 0 change(s) left out by --target/--exclude; backend(s) not read: lab."), "\(backend.summary)")
        let excluded = try await Self.companyPlan(excludes: ["lab"])
        let lab = all.actions.count { $0.change.id.backend == "lab" }
        #expect(excluded.summary.hasSuffix(" \(lab) change(s) left out by --target/--exclude (lab: \(lab))."), "\(excluded.summary)")
        #expect(!all.summary.contains("left out"))
    }

    @Test func aTruncatedMarkdownPlanKeepsEveryDeletion() async throws {
        let plan = try await MarkdownRendererTests.largePlan()
        let markdown = MarkdownRenderer(maxLength: 12_000).render(plan)
        try Self.matchesGolden(markdown, "plan-truncated.md")
        #expect(markdown.utf8.count <= 12_000)
        let rows = markdown.split(separator: "\n")
        let deletions = plan.actions.filter { $0.change.operation == .delete }
        #expect(rows.count { $0.hasPrefix("| ➖") } == deletions.count)
        for deletion in deletions {
            #expect(markdown.contains("\(deletion.change.id.kind) \(MarkdownRenderer.escape(deletion.change.id.keyString))"))
        }
        let shown = rows.count { $0.hasPrefix("| ➕") || $0.hasPrefix("| ✏️") }
        #expect(shown > 0 && shown < plan.actions.count - deletions.count)
        let note = try #require(rows.last)
        #expect(note.hasPrefix("**\(plan.actions.count - deletions.count - shown) create(s) and update(s) not shown"), "\(note)")
        #expect(note.contains("every deletion and removal is shown"))
    }

    @Test func deletionsThatAloneOverflowAreCountedLoudly() async throws {
        let plan = try await MarkdownRendererTests.largePlan()
        let markdown = MarkdownRenderer(maxLength: 3_000).render(plan)
        #expect(markdown.utf8.count <= 3_000)
        let rows = markdown.split(separator: "\n")
        let deletions = plan.actions.count { $0.change.operation == .delete }
        let shown = rows.count { $0.hasPrefix("| ➖") }
        let note = try #require(rows.last)
        #expect(note.hasPrefix("**⚠️ \(deletions - shown) deletion(s) and "), "\(note)")
    }

    @Test func valuesShowAsTheConfigWritesThem() {
        var change = Change(.create, ResourceID(backend: "al", kind: "activelogic.user", key: ["ann"]),
                            after: ["readbm": .int(Int(Int64.max)), "writebm": .int(255), "timeout": .int(0)])
        change.display = ["readbm": .mask(all: Int(Int64.max)), "writebm": .mask(all: Int(Int64.max))]
        let text = TextRenderer(color: false).render(change)
        #expect(text.contains("readbm: all\n") && text.contains("writebm: 0xff\n") && text.contains("timeout: 0\n"), "\(text)")
        #expect(!text.contains("9223372036854775807"))
        var update = Change(.update, ResourceID(backend: "ct", kind: "ctera.user", key: ["bo"]),
                            before: ["password_change_on": "2026-01-01"],
                            after: ["password_change_days": .int(-1), "password_change_on": "2026-02-01"])
        let days = AttributeDisplay.configKey("must_change_password", words: [-1: "true"])
        update.display = ["password_change_days": days, "password_change_on": .configKey("must_change_password", words: [:])]
        let markdown = MarkdownRenderer().detail(update)
        #expect(markdown.contains("must\\_change\\_password: (unset) → true"), "\(markdown)")
        #expect(markdown.contains("must\\_change\\_password: \"2026-01-01\" → \"2026-02-01\""), "\(markdown)")
        #expect(!markdown.contains("-1"))
        // The JSON plan keeps the wire value a saved plan applies.
        let json = String(decoding: PlanDocument(Plan(configDigest: "x", backends: [], actions: [
            Action(index: 0, change: update, dependsOn: []),
        ])).encoded(), as: UTF8.self)
        #expect(json.contains("\"password_change_days\" : -1"), "\(json)")
    }

    @Test func aSecretStaysSensitiveWhateverItsDisplay() {
        var change = Change(.update, ResourceID(backend: "al", kind: "activelogic.user", key: ["ann"]),
                            before: ["readbm": .int(1)], after: ["readbm": .secret(Secret("canary-secret-1234"))])
        change.display = ["readbm": .mask(all: Int(Int64.max))]
        let text = TextRenderer(color: false).render(change)
        #expect(text.contains("readbm: (sensitive) → (sensitive)"), "\(text)")
    }

    @Test func aCompanyOfTenThousandKeepsEveryDeletionInItsComment() async throws {
        let people = (0..<10_000).map { "  p\($0): {email: p\($0)@example.com, accounts: {mem: {}}}" }
            + (0..<40).map { "  left\($0): {state: absent, accounts: {mem: {}}}" }
        let plan = try await Self.plan("people:\n" + people.joined(separator: "\n") + "\n") { store in
            for i in 0..<40 { store.seed(Self.id("mem", "user", "left\(i)"), ["enabled": true]) }
            for i in 0..<30 { store.seed(Self.id("lab", "user", "old\(i)"), ["enabled": true]) }
        }
        #expect(plan.actions.count == 10_070)
        let markdown = MarkdownRenderer().render(plan)
        #expect(markdown.utf8.count <= 60_000)
        for i in 0..<40 { #expect(markdown.contains("| ➖ | mem | memory.user left\(i) | delete (state: absent) |")) }
        for i in 0..<30 { #expect(markdown.contains("| ➖ | lab | memory.user old\(i) | delete (pruned) |")) }
        let shown = markdown.split(separator: "\n").count { $0.hasPrefix("| ➕") }
        #expect(markdown.hasSuffix("**\(10_000 - shown) create(s) and update(s) not shown (\(10_000 - shown) group(s) left out whole)**: "
            + "the comment would be too long; every deletion and removal is shown. `roster plan` shows the whole plan.\n"))
    }

    @Test func anExcerptPutsTheCaretUnderTheColumnAndHidesASecret() {
        #expect(SourceExcerpt.render(line: "  bob: {emial: b@x}", number: 7, column: 10)
            == " 7 |   bob: {emial: b@x}\n   |          ^")
        #expect(SourceExcerpt.render(line: "\tbob: 1", number: 12, column: 1) == " 12 |  bob: 1\n    | ^")
        #expect(SourceExcerpt.masked("  ann: {password: hunter2, email: a@x}") == "  ann: {password: (sensitive)")
        #expect(SourceExcerpt.masked("    api_token: abc123") == "    api_token: (sensitive)")
        #expect(SourceExcerpt.masked("    password_update: always") == "    password_update: (sensitive)")
        #expect(SourceExcerpt.masked("  email: secretary@example.com") == "  email: secretary@example.com")
    }
}
