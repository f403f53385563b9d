@testable import RosterCore
import Synchronization
import Testing

/// What the executor decides once it has read back an object whose request's outcome is unknown.
@Suite struct UnknownOutcomeTests {
    static let user = ResourceKind("x.user", key: ["login"], attributes: [
        AttributeSpec("email"), AttributeSpec("password", .writeOnly), AttributeSpec("created", .readOnly),
    ])
    static let role = ResourceKind("x.role", key: ["login", "role"], parents: [Dependency("x.user", key: [0])])
    static let id = ResourceID(backend: "x", kind: "x.user", key: ["alice"])

    static func live(_ email: String) -> Resource {
        Resource(id, ["email": .string(email), "created": .string("today")])
    }

    @Test func aCreateThatLandedIsDoneOrFollowedByAnUpdate() {
        let create = Change(.create, Self.id, after: ["email": .string("a@x"), "password": .string("pw")])
        #expect(UnknownOutcome.decide(create, found: Self.live("a@x"), kind: Self.user) == .done)
        #expect(UnknownOutcome.decide(create, found: nil, kind: Self.user) == .resend)
        guard case .followUp(let update) = UnknownOutcome.decide(create, found: Self.live("old@x"), kind: Self.user) else {
            Issue.record("expected a follow-up update")
            return
        }
        #expect(update.operation == .update)
        #expect(update.after?.names == ["email"])
    }

    @Test func aDeleteOfAGoneObjectIsDone() {
        let delete = Change(.delete, Self.id, before: ["email": .string("a@x")])
        #expect(UnknownOutcome.decide(delete, found: nil, kind: Self.user) == .done)
        #expect(UnknownOutcome.decide(delete, found: Self.live("a@x"), kind: Self.user) == .resend)
    }

    @Test func anUpdateIsDoneWhenTheValuesAreThere() {
        let update = Change(.update, Self.id, before: ["email": .string("old@x")], after: ["email": .string("a@x")])
        #expect(UnknownOutcome.decide(update, found: Self.live("a@x"), kind: Self.user) == .done)
        #expect(UnknownOutcome.decide(update, found: Self.live("old@x"), kind: Self.user) == .resend)
    }

    @Test func aChildIsReadBackThroughItsParent() {
        let roleID = ResourceID(backend: "x", kind: "x.role", key: ["alice", "admin"])
        let interest = UnknownOutcome.interest(for: roleID, kinds: ["x.user": Self.user, "x.role": Self.role])
        #expect(!interest.everything)
        #expect(interest.wants(kind: "x.user", key: ["alice"]))
        #expect(!interest.wants(kind: "x.user", key: ["bob"]))
    }

    /// A session whose first create lands but loses its answer.
    final class LosingSession: ProviderSession {
        let objects = Mutex<[Resource]>([])
        let applied = Mutex(0)
        let fetches = Mutex<[FetchInterest]>([])

        func fetch(_ interest: FetchInterest) async throws -> [Resource] {
            fetches.withLock { $0.append(interest) }
            return objects.withLock { $0 }
        }

        func apply(_ change: Change) async throws -> ApplyResult {
            let first = applied.withLock { count in
                count += 1
                return count == 1
            }
            objects.withLock { $0.append(Resource(change.id, ["email": .string("a@x")])) }
            if first {
                throw RosterError(backend: "x", operation: "create", message: "no answer", outcomeUnknown: true)
            }
            return ApplyResult()
        }

        func close() async {}
    }

    @Test func theExecutorReadsBackInsteadOfCreatingTwice() async {
        let session = LosingSession()
        let create = Change(.create, Self.id, after: ["email": .string("a@x")])
        let plan = Plan(configDigest: "", backends: [], actions: [Action(index: 0, change: create, dependsOn: [])])
        let sink = SessionSink(sessions: ["x": session], kinds: [Self.user, Self.role])
        let report = await Executor().run(plan, sink: sink)
        #expect(report.succeeded)
        #expect(session.applied.withLock { $0 } == 1)
        #expect(session.objects.withLock { $0.count } == 1)
        #expect(session.fetches.withLock { $0.count } == 1)
    }
}
