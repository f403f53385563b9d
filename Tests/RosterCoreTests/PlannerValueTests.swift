import RosterCore
import RosterYAML
import Testing

/// The planner fed with changes written here: the order of actions and what each waits for, from
/// the kinds' dependencies (parents created first, children deleted first, backends independent).
@Suite struct PlannerValueTests {
    typealias V = Values

    static func plan(_ changes: [Change], backends: [String] = ["b"]) -> Plan {
        Planner(registry: ProviderRegistry([V.provider]))
            .plan(changes, backends: backends.map { V.backend($0) }, configDigest: "digest")
    }

    /// `create val.user ann <- 0, 1`: each action with the positions it depends on.
    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { action in
            let change = action.change
            var line = "\(change.operation.rawValue) \(change.id.backend)/\(change.id.kind) \(change.id.keyString)"
            if !action.dependsOn.isEmpty { line += " <- " + action.dependsOn.map(String.init).joined(separator: ", ") }
            if !action.runsAfter.isEmpty { line += " after " + action.runsAfter.map(String.init).joined(separator: ", ") }
            return line
        }
    }

    static func create(_ kind: String, _ key: String..., backend: String = "b") -> Change {
        Change(.create, ResourceID(backend: backend, kind: "val.\(kind)", key: key), after: [:])
    }

    static func delete(_ kind: String, _ key: String...) -> Change {
        Change(.delete, ResourceID(backend: "b", kind: "val.\(kind)", key: key), before: [:], reason: .pruned)
    }

    /// On create, a membership waits for both its user and its group.
    @Test func membershipsAreCreatedAfterTheirUserAndGroup() {
        let plan = Self.plan([Self.create("membership", "ops", "ann"), Self.create("user", "ann"), Self.create("group", "ops")])
        #expect(Self.lines(plan) == ["create b/val.group ops", "create b/val.user ann", "create b/val.membership ops/ann <- 0, 1"])
        #expect(plan.actions.map(\.index) == [0, 1, 2])
        #expect(plan.summary == "Plan: 3 to create, 0 to update, 0 to delete.")
    }

    /// A child of a parent that exists already waits for nothing but what is created with it.
    @Test func aChildOfAnExistingParentWaitsOnlyForWhatIsCreated() {
        let update = Change(.update, V.id("user", "ann"), before: ["email": "a@x"], after: ["email": "b@x"])
        let plan = Self.plan([Self.create("membership", "ops", "ann"), update, Self.create("role", "ann", "x"),
                              Self.create("membership", "dev", "bob"), Self.create("group", "dev")])
        #expect(Self.lines(plan) == ["create b/val.group dev", "update b/val.user ann", "create b/val.membership dev/bob <- 0",
                                     "create b/val.membership ops/ann", "create b/val.role ann/x"])
    }

    /// On delete, memberships go before their user and their group; deletions come after the
    /// creations and updates, the deepest kinds first.
    @Test func membershipsAreDeletedBeforeTheirUserAndGroup() {
        let plan = Self.plan([Self.delete("user", "carl"), Self.create("user", "ann"), Self.delete("group", "ops"),
                              Self.delete("membership", "ops", "carl"), Self.delete("membership", "dev", "carl")])
        #expect(Self.lines(plan) == ["create b/val.user ann", "delete b/val.membership dev/carl", "delete b/val.membership ops/carl",
                                     "delete b/val.group ops <- 2", "delete b/val.user carl <- 1, 2"])
    }

    /// A rename (an update of a key field) goes before what is created or removed under the new key.
    @Test func childrenUnderARenamedParentWaitForTheRename() {
        let rename = Change(.update, V.id("user", "ann2"), before: ["name": "ann"], after: ["name": "ann2"])
        let plan = Self.plan([Self.delete("membership", "ops", "ann2"), Self.create("membership", "dev", "ann2"), rename])
        #expect(Self.lines(plan) == ["update b/val.user ann2", "create b/val.membership dev/ann2 <- 0",
                                     "delete b/val.membership ops/ann2 <- 0"])
    }

    /// Kinds whose removals go first: adding a role waits for the removal of its siblings.
    @Test func removalsOfSiblingsGoFirstWhereTheKindSaysSo() {
        let plan = Self.plan([Self.delete("role", "ann", "old"), Self.create("role", "ann", "new"), Self.create("role", "bob", "x"),
                              Self.delete("role", "bob", "y")])
        #expect(Self.lines(plan) == ["create b/val.role ann/new <- 2", "create b/val.role bob/x <- 3",
                                     "delete b/val.role ann/old", "delete b/val.role bob/y"])
    }

    /// A trailing step runs after every other action of its backend, whatever their outcome;
    /// backends are independent of each other.
    @Test func aTrailingStepRunsLastOnItsBackendOnly() {
        let plan = Self.plan([Self.create("commit", "apply", backend: "b"), Self.create("membership", "ops", "ann", backend: "c"),
                              Self.create("user", "ann", backend: "b"), Self.delete("user", "bob"),
                              Self.create("group", "ops", backend: "c")], backends: ["b", "c"])
        #expect(Self.lines(plan) == ["create b/val.user ann", "delete b/val.user bob", "create b/val.commit apply after 0, 1",
                                     "create c/val.group ops", "create c/val.membership ops/ann <- 3"])
        #expect(plan.actions.map(\.change.isTrailing) == [false, false, true, false, false])
        #expect(plan.commitSteps == 1)
        #expect(plan.backends == [Plan.Backend(name: "b", type: "val"), Plan.Backend(name: "c", type: "val")])
    }

    /// How an attribute is shown comes from its kind; the change itself is kept as it was.
    @Test func theKindsDisplayIsSetOnTheAction() throws {
        let change = Change(.create, V.id("group", "ops"), after: ["description": 7])
        let action = try #require(Self.plan([change]).actions.first)
        #expect(action.change.display == ["description": .mask(all: 7)])
        #expect(action.change.after == ["description": 7])
        #expect(action.change.id == change.id)
    }

    /// Pure and deterministic: any order of the same changes gives the same plan.
    @Test func thePlanDoesNotDependOnTheOrderOfTheChanges() {
        let changes = [Self.create("membership", "ops", "ann"), Self.create("user", "ann"), Self.create("group", "ops"),
                       Self.delete("membership", "dev", "carl"), Self.delete("user", "carl"), Self.create("commit", "apply")]
        let plan = Self.plan(changes)
        #expect(Self.plan(changes.reversed()).actions == plan.actions)
        #expect(Self.plan(changes.shuffled()).actions == plan.actions)
        #expect(Self.lines(plan) == ["create b/val.group ops", "create b/val.user ann", "create b/val.membership ops/ann <- 0, 1",
                                     "delete b/val.membership dev/carl", "delete b/val.user carl <- 3",
                                     "create b/val.commit apply after 0, 1, 2, 3, 4"])
    }
}
