import RosterCore
import Testing

@Suite struct SavedPlanReviewTests {
    static let people = "people:\n  alice: {email: a@x, accounts: {mem: {groups: [ops]}}}\n  bob: {email: b@x, accounts: {mem: {}}}"

    @Test func refusedActionTakesItsDependentsTheRestIsApproved() async throws {
        let (reviewed, _, _, _) = try await PlanTests.setUp("resources:\n  mem: {groups: {ops: {description: Ops}}}\n" + Self.people) { _ in }
        let (current, _, _, _) = try await PlanTests.setUp("resources:\n  mem: {groups: {ops: {description: Operations}}}\n" + Self.people) { _ in }
        let review = SavedPlanReview(saved: PlanDocument(reviewed), current: current)
        #expect(review.refused.map(\.description) == [
            "create mem/memory.group/ops: planned values differ from the reviewed ones",
            "create mem/memory.membership/ops/alice: depends on refused 'mem/memory.group/ops'",
        ])
        #expect(review.approved.actions.map(\.change.id.keyString) == ["alice", "bob"])
        #expect(review.approved.actions.allSatisfy { $0.dependsOn.isEmpty })
    }

    @Test func driftedLiveObjectIsNamedAndSettledActionsCounted() async throws {
        let yaml = "people:\n  alice: {email: new@x, accounts: {mem: {}}}\n  bob: {email: b@x, accounts: {mem: {}}}"
        let (reviewed, _, _, _) = try await PlanTests.setUp(yaml) {
            $0.seed(PlanTests.id("user", "alice"), ["email": "old@x", "enabled": true])
        }
        let (current, _, _, _) = try await PlanTests.setUp(yaml) {
            $0.seed(PlanTests.id("user", "alice"), ["email": "other@x", "enabled": true])
            $0.seed(PlanTests.id("user", "bob"), ["email": "b@x", "enabled": true])
        }
        let review = SavedPlanReview(saved: PlanDocument(reviewed), current: current)
        #expect(review.refused.map(\.reason) == ["live object changed since review: email"])
        #expect(review.approved.isEmpty)
        #expect(review.settled == 1)
    }
}
