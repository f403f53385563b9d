import RosterCore
import Testing

@Suite struct ExecutorTests {
    @Test func failureFailsOnlyItsDependents() async throws {
        let (plan, store, _, _) = try await PlanTests.setUp("""
            resources:
              mem: {groups: {ops: {}, dev: {}}}
            people:
              alice: {accounts: {mem: {groups: [ops]}}}
              bob: {accounts: {mem: {groups: [dev]}}}
            """) { _ in }
        store.fail("alice")
        let sink = SessionSink(sessions: ["mem": MemorySession(store: store, backend: "mem", mode: .readWrite)])
        let report = await Executor(parallelism: 4).run(plan, sink: sink)
        let outcomes = Dictionary(uniqueKeysWithValues: report.actions.map { ($0.action.change.id.keyString, $0.outcome) })
        #expect(outcomes["alice"] == .failed)
        #expect(outcomes["ops/alice"] == .skipped)
        #expect(outcomes["bob"] == .succeeded)
        #expect(outcomes["dev/bob"] == .succeeded)
        #expect(outcomes["ops"] == .succeeded)
        #expect(!store.calls.contains("create memory.membership ops/alice"))
        #expect(report.actions.first { $0.action.change.id.keyString == "ops/alice" }?.message?.contains("alice") == true)
    }

    @Test func respectsTheParallelismLimit() async throws {
        let people = (0..<20).map { "  p\($0): {accounts: {mem: {}}}" }.joined(separator: "\n")
        let (plan, store, _, _) = try await PlanTests.setUp("people:\n" + people) { _ in }
        let sink = SessionSink(sessions: ["mem": MemorySession(store: store, backend: "mem", mode: .readWrite)])
        let report = await Executor(parallelism: 3).run(plan, sink: sink)
        #expect(report.succeeded)
        #expect(store.maxRunning <= 3)
        #expect(store.maxRunning >= 2)
    }

    @Test func dryRunSinkSendsNothing() async throws {
        let (plan, store, _, _) = try await PlanTests.setUp("people:\n  alice: {accounts: {mem: {}}}") { _ in }
        let report = await Executor().run(plan, sink: DryRunSink())
        #expect(report.count(.succeeded) == 1)
        #expect(store.calls == ["fetch"])
    }

    @Test func applyThenPlanIsEmpty() async throws {
        let yaml = """
            resources:
              mem: {groups: {ops: {description: Ops}}}
            people:
              alice: {email: a@x, accounts: {mem: {groups: [ops]}}}
            """
        let (plan, store, loaded, pipeline) = try await PlanTests.setUp(yaml) { _ in }
        let session = MemorySession(store: store, backend: "mem", mode: .readWrite)
        let report = await Executor().run(plan, sink: SessionSink(sessions: ["mem": session]))
        #expect(report.succeeded)
        let again = try pipeline.plan(loaded, live: try await pipeline.fetch(loaded, sessions: ["mem": session]))
        #expect(again.isEmpty)
    }
}
