import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// Diff, planner and renderers over the memory provider: pure functions of their inputs.
@Suite struct PlanTests {
    static func setUp(_ yaml: String, prune: String = "none", protect: String = "[]",
                      seed: (MemoryStore) -> Void) async throws -> (Plan, MemoryStore, Pipeline.Loaded, Pipeline) {
        let store = MemoryStore()
        seed(store)
        let folder = TempFolder()
        let file = folder.write("roster.yaml", """
            version: 1
            backends:
              mem: {type: memory, url: sandbox, prune: \(prune), protect: \(protect)}
            \(yaml)
            """)
        let pipeline = Pipeline(registry: ProviderRegistry([MemoryProvider(store: store)]), environment: ["PW": "canary-secret-1234"])
        let loaded = try pipeline.load(path: file)
        let session = MemorySession(store: store, backend: "mem", mode: .readOnly)
        let live = try await pipeline.fetch(loaded, sessions: ["mem": session])
        return (try pipeline.plan(loaded, live: live), store, loaded, pipeline)
    }

    static func id(_ kind: String, _ key: String...) -> ResourceID { ResourceID(backend: "mem", kind: "memory.\(kind)", key: key) }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString) <- \($0.dependsOn)" }
    }

    @Test func createsParentsFirstAndDeletesChildrenFirst() async throws {
        let (plan, _, _, _) = try await Self.setUp("""
            resources:
              mem: {groups: {ops: {description: Ops}}}
            people:
              alice: {email: a@x, accounts: {mem: {groups: [ops]}}}
              bob: {state: absent, accounts: {mem: {}}}
            """) { store in
            store.seed(Self.id("user", "bob"), ["email": "b@x", "enabled": true])
            store.seed(Self.id("membership", "old", "bob"))
        }
        #expect(Self.lines(plan) == [
            "create memory.group ops <- []",
            "create memory.user alice <- []",
            "create memory.membership ops/alice <- [0, 1]",
            "delete memory.membership old/bob <- []",
            "delete memory.user bob <- [3]",
        ])
        #expect(plan.actions[4].change.reason == .stateAbsent)
        #expect(plan.actions[3].change.reason == .parentDeleted)
    }

    @Test func updatesOnlyWhatDiffers() async throws {
        let (plan, _, _, _) = try await Self.setUp("people:\n  alice: {email: new@x, password: '${env:PW}', accounts: {mem: {}}}") {
            $0.seed(Self.id("user", "alice"), ["email": "old@x", "enabled": true])
        }
        #expect(plan.actions.count == 1)
        let change = try #require(plan.actions.first?.change)
        #expect(change.operation == .update)
        #expect(change.changedAttributes == ["email"])
        #expect(change.before?["email"] == "old@x")
    }

    @Test func passwordAlwaysIsSentEveryTime() async throws {
        let (plan, _, _, _) = try await Self.setUp(
            "people:\n  alice: {email: a@x, password: '${env:PW}', password_update: always, accounts: {mem: {}}}") {
            $0.seed(Self.id("user", "alice"), ["email": "a@x", "enabled": true])
        }
        #expect(plan.actions.map(\.change.changedAttributes) == [["password"]])
    }

    @Test func pruneAllRemovesWhatTheFileLacksButNotProtected() async throws {
        let (plan, _, _, _) = try await Self.setUp("people: {}", prune: "all", protect: "[admin, 'svc-*']") {
            for name in ["admin", "svc-ci", "carol"] { $0.seed(Self.id("user", name), ["enabled": true]) }
        }
        #expect(Self.lines(plan) == ["delete memory.user carol <- []"])
        #expect(plan.actions[0].change.reason == .pruned)
    }

    @Test func pruneNoneLeavesUnknownObjects() async throws {
        let (plan, _, _, _) = try await Self.setUp("people: {}") { $0.seed(Self.id("user", "carol"), ["enabled": true]) }
        #expect(plan.isEmpty)
    }

    @Test func planIsDeterministic() async throws {
        let yaml = (0..<50).map { "  p\($0): {email: p\($0)@x, accounts: {mem: {groups: [g\($0 % 3)]}}}" }.joined(separator: "\n")
        let groups = "resources:\n  mem: {groups: {g0: {}, g1: {}, g2: {}}}\n"
        let (first, _, a, _) = try await Self.setUp(groups + "people:\n" + yaml) { _ in }
        let (second, _, b, _) = try await Self.setUp(groups + "people:\n" + yaml) { _ in }
        // The two configs live in different temporary folders; the plans differ only by that path.
        let one = String(decoding: PlanDocument(first).encoded(), as: UTF8.self)
            .replacingOccurrences(of: a.config.baseDirectory, with: "DIR")
        let two = String(decoding: PlanDocument(second).encoded(), as: UTF8.self)
            .replacingOccurrences(of: b.config.baseDirectory, with: "DIR")
        #expect(one == two)
        #expect(one.contains("DIR/roster.yaml:"))
        #expect(first.count(.create) == 103)
    }

    @Test func textRendererReadsLikeADiff() async throws {
        let (plan, _, _, _) = try await Self.setUp("""
            people:
              alice: {email: a@x, password: '${env:PW}', accounts: {mem: {}}}
              bob: {email: new@x, accounts: {mem: {}}}
              carol: {state: absent, accounts: {mem: {}}}
            """) { store in
            store.seed(Self.id("user", "bob"), ["email": "old@x", "enabled": true])
            store.seed(Self.id("user", "carol"), ["enabled": true])
        }
        let text = TextRenderer(color: false).render(plan)
        #expect(text == """
            alice  (1 to create)
              mem (memory)
                + memory.user alice
                    email: "a@x"
                    enabled: true
                    password: (sensitive)

            bob  (1 to update)
              mem (memory)
                ~ memory.user bob
                    email: "old@x" → "new@x"

            carol  (1 to delete)
              mem (memory)
                - memory.user carol  (state: absent)

            Plan: 1 to create, 1 to update, 1 to delete.

            """)
    }

    @Test func secretNeverReachesTextOrJSON() async throws {
        let (plan, _, _, _) = try await Self.setUp("people:\n  alice: {email: a@x, password: '${env:PW}', accounts: {mem: {}}}") { _ in }
        let json = String(decoding: PlanDocument(plan).encoded(), as: UTF8.self)
        let text = TextRenderer(color: true).render(plan)
        #expect(json.contains("(sensitive)"))
        for output in [json, text, String(describing: plan), String(reflecting: plan)] {
            #expect(!output.contains("canary-secret-1234"))
        }
    }
}
