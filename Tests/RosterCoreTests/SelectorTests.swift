import RosterCore
import Testing

@Suite struct SelectorTests {
    static let yaml = """
        resources:
          mem: {groups: {ops: {}}}
        people:
          alice: {accounts: {mem: {groups: [ops]}}}
          bob: {accounts: {mem: {}}}
        """

    @Test func parsesEveryForm() {
        #expect(Selector("mem").description == "mem")
        #expect(Selector("mem/memory.user").kind == "memory.user")
        #expect(Selector("mem/memory.membership/ops/alice").key == "ops/alice")
    }

    @Test func targetBringsWhatItDependsOn() async throws {
        let (plan, _, _, _) = try await PlanTests.setUp(Self.yaml) { _ in }
        let targeted = plan.selecting(targets: [Selector("mem/memory.membership")], excludes: [])
        #expect(targeted.actions.map(\.change.id.keyString).sorted() == ["alice", "ops", "ops/alice"])
        #expect(targeted.actions.first { $0.change.id.keyString == "ops/alice" }?.dependsOn.count == 2)
        #expect(targeted.leftOut.map(\.keyString) == ["bob"])
        #expect(targeted.summary.contains("1 change(s) left out"))
    }

    @Test func excludeLeavesAnObjectOut() async throws {
        let (plan, _, _, _) = try await PlanTests.setUp(Self.yaml) { _ in }
        let excluded = plan.selecting(targets: [], excludes: [Selector("mem/memory.user/bob")])
        #expect(!excluded.actions.contains { $0.change.id.keyString == "bob" })
        #expect(excluded.actions.count == plan.actions.count - 1)
        #expect(excluded.leftOut.map(\.description) == ["mem/memory.user/bob"])
    }
}
