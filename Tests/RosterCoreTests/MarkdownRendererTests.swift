import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// The Markdown plan (`plan --format markdown`): checked byte for byte against a golden file.
/// Set `ROSTER_UPDATE_GOLDEN=1` to rewrite the golden file after a deliberate change.
@Suite struct MarkdownRendererTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/plan-200.md").path
    static let canary = "canary-secret-1234"

    /// 200 changes over the memory backend: creates with a secret, updates (one of a password),
    /// deletes for every reason, and objects that belong to no person.
    static func largePlan() async throws -> Plan {
        var people: [String] = []
        for i in 0..<40 {
            people.append("  new\(i): {email: new\(i)@example.com, password: '${env:PW}', accounts: {mem: {groups: [g\(i % 5)]}}}")
        }
        let many = (0..<5).map { "g\($0)" } + ["oncall"]
        people.append("  lead: {email: lead@example.com, accounts: {mem: {groups: [\(many.joined(separator: ", "))]}}}")
        for i in 0..<46 {
            let always = i == 0 ? ", password: '${env:PW}', password_update: always" : ""
            people.append("  upd\(i): {email: 'upd\(i)@new.example.com'\(always), accounts: {mem: {}}}")
        }
        for i in 0..<20 { people.append("  gone\(i): {state: absent, accounts: {mem: {}}}") }
        let yaml = """
            resources:
              mem:
                groups:
                  g0: {description: 'Ops | on-call <b>team</b> *star* [x](http://y)'}
                  g1: {}
                  g2: {}
                  g3: {}
                  g4: {}
                  oncall: {description: "line one\\nline two"}
            people:
            \(people.joined(separator: "\n"))
            """
        let (plan, _, _, _) = try await PlanTests.setUp(yaml, prune: "all", protect: "[admin]") { store in
            store.seed(PlanTests.id("user", "admin"), ["enabled": true])
            store.seed(PlanTests.id("group", "legacy"), ["description": "Old"])
            for i in 0..<46 { store.seed(PlanTests.id("user", "upd\(i)"), ["email": .string("upd\(i)@old.example.com"), "enabled": true]) }
            for i in 0..<20 {
                store.seed(PlanTests.id("user", "gone\(i)"), ["enabled": true])
                store.seed(PlanTests.id("membership", "legacy", "gone\(i)"))
            }
            for i in 0..<20 { store.seed(PlanTests.id("user", "stray\(i)"), ["enabled": false]) }
        }
        return plan
    }

    @Test func largePlanMatchesTheGoldenFile() async throws {
        let plan = try await Self.largePlan()
        #expect(plan.actions.count == 200)
        let markdown = MarkdownRenderer().render(plan)
        if ProcessInfo.processInfo.environment["ROSTER_UPDATE_GOLDEN"] != nil {
            try markdown.write(toFile: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
        #expect(markdown == expected, "run with ROSTER_UPDATE_GOLDEN=1 and review the diff of \(Self.golden)")
        #expect(markdown.contains("<details><summary><b>Not owned by a person</b>: 6 to create, 21 to delete</summary>"))
        #expect(markdown.contains("| mem | memory | 93 | 46 | 61 |"))
    }

    @Test func canaryReachesNoneOfMarkdownJSONOrTheSavedPlan() async throws {
        let plan = try await Self.largePlan()
        let markdown = MarkdownRenderer().render(plan)
        let json = String(decoding: PlanDocument(plan).encoded(), as: UTF8.self)
        let folder = TempFolder()
        let saved = folder.path + "/plan.json"
        try PlanDocument(plan).encoded().write(to: URL(fileURLWithPath: saved))
        let file = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(markdown.contains("password: (sensitive)"))
        #expect(markdown.contains("password: (sensitive) → (sensitive)"))
        for output in [markdown, json, file] { #expect(!output.contains(Self.canary)) }
    }

    @Test func smallPlanIsOpenAndGroupedByPerson() async throws {
        let (plan, _, _, _) = try await PlanTests.setUp("""
            resources:
              mem: {groups: {ops: {}}}
            people:
              alice: {email: a@x, accounts: {mem: {groups: [ops]}}}
              bob: {email: new@x, accounts: {mem: {}}}
              carol: {state: absent, accounts: {mem: {}}}
            """) { store in
            store.seed(PlanTests.id("user", "bob"), ["email": "old@x", "enabled": true])
            store.seed(PlanTests.id("user", "carol"), ["enabled": true])
        }
        #expect(MarkdownRenderer().render(plan) == """
            ### roster plan

            | backend | type | create | update | delete |
            |---|---|--:|--:|--:|
            | mem | memory | 3 | 1 | 1 |

            **Plan: 3 to create, 1 to update, 1 to delete.**

            #### alice: 2 to create

            | | backend | object | change |
            |---|---|---|---|
            | ➕ | mem | memory.user alice | create: email: "a@x"<br>enabled: true |
            | ➕ | mem | memory.membership ops/alice | create |

            #### bob: 1 to update

            | | backend | object | change |
            |---|---|---|---|
            | ✏️ | mem | memory.user bob | update: email: "old@x" → "new@x" |

            #### carol: 1 to delete

            | | backend | object | change |
            |---|---|---|---|
            | ➖ | mem | memory.user carol | delete (state: absent) |

            #### Not owned by a person: 1 to create

            | | backend | object | change |
            |---|---|---|---|
            | ➕ | mem | memory.group ops | create |

            """)
    }

    @Test func aLargeGroupIsCollapsedInASmallPlan() async throws {
        let groups = (0..<11).map { "g\($0)" }
        let (plan, _, _, _) = try await PlanTests.setUp("""
            resources:
              mem: {groups: {\(groups.map { "\($0): {}" }.joined(separator: ", "))}}
            people:
              alice: {accounts: {mem: {groups: [\(groups.joined(separator: ", "))]}}}
            """) { _ in }
        let markdown = MarkdownRenderer().render(plan)
        #expect(markdown.contains("<details><summary><b>alice</b>: 12 to create</summary>"))
        #expect(markdown.contains("<details><summary><b>Not owned by a person</b>: 11 to create</summary>"))
    }

    @Test func aPlanTooLongForACommentSaysWhatItLeftOut() async throws {
        let plan = try await Self.largePlan()
        for maxLength in [3_000, 5_000, 12_000] {
            let markdown = MarkdownRenderer(maxLength: maxLength).render(plan)
            #expect(markdown.utf8.count <= maxLength)
            let rows = markdown.split(separator: "\n")
            let shown = rows.count { $0.hasPrefix("| ➕") || $0.hasPrefix("| ✏️") || $0.hasPrefix("| ➖") }
            let note = try #require(rows.last)
            // "**N create(s) and update(s) not shown" or "**⚠️ D deletion(s) and N create(s) and update(s) not shown".
            let numbers = note.split(whereSeparator: { !$0.isNumber }).prefix(note.contains("deletion(s)") ? 2 : 1).compactMap { Int($0) }
            #expect(shown + numbers.reduce(0, +) == 200, "\(note)")
            #expect(shown > 0)
        }
    }

    @Test func emptyPlanSaysSo() {
        let plan = Plan(configDigest: "x", backends: [], actions: [])
        #expect(MarkdownRenderer().render(plan) == "### roster plan\n\nNo changes. The live systems match the config.\n")
    }

    @Test func escapingKeepsTableCellsInert() {
        #expect(MarkdownRenderer.escape("a|b") == "a\\|b")
        #expect(MarkdownRenderer.escape("<script>&") == "&lt;script&gt;&amp;")
        #expect(MarkdownRenderer.escape("*x* _y_ `z` [l](u)") == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u)")
        #expect(MarkdownRenderer.escape("one\ntwo") == "one two")
        #expect(MarkdownRenderer.escapeHTML("svc_ci <i>\"") == "svc_ci &lt;i&gt;&quot;")
    }
}
