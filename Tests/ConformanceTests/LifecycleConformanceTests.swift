import Foundation
import RosterCore
import Testing

/// `LIFECYCLE.md`, scenario by scenario, on every backend through its emulator. Each scenario
/// checks what the emulator holds afterwards (its state file), not only the plan.
@Suite(.serialized) struct LifecycleConformanceTests {
    typealias Lab = ConformanceLab

    @Test(arguments: ConformanceBackend.all)
    func createConvergesAndShowsDefaults(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let newKey = backend.renamed
        let person = """
              newbie:
                first_name: New
                last_name: Person
                email: \(backend.type == "squirro" || backend.type == "cloud" ? newKey : "new@example.com")
                password: New-pass-1234
                accounts:
                  \(backend.type): \(backend.account(newKey, backend.managed.changed))
            """
        let created = try await lab.apply(person)
        let create = try #require(created.actions.first { $0.change.operation == .create && $0.change.id.key == [newKey] },
                                  "\(Lab.lines(created))")
        // The create shows the attributes the server gives a new account by default.
        let defaulted = try #require(Self.defaulted[backend.type])
        #expect(create.change.after?[defaulted] != nil, "\(create.change.after?.names ?? [])")
        let held = try #require(try lab.held(newKey))
        #expect(held.attributes[backend.managed.name] == backend.managed.changed)
        #expect(Lab.lines(try await lab.plan(person)).isEmpty, "a second plan must be empty")
    }

    /// An attribute each backend gives a new account when the config does not write it.
    static let defaulted = ["uyuni": "read_only", "ctera": "role", "squirro": "role", "cloud": "priority",
                            "activelogic": "readbm"]

    @Test(arguments: ConformanceBackend.all)
    func updateChangesOnlyTheManagedAttribute(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let person = backend.person(key: backend.key, value: backend.managed.changed)
        let updated = try await lab.apply(person)
        #expect(Lab.lines(updated).contains { $0.hasPrefix("update ") }, "\(Lab.lines(updated))")
        let held = try #require(try lab.held(backend.key))
        #expect(held.attributes[backend.managed.name] == backend.managed.changed)
        // Omission: the attribute the config never writes keeps its live value.
        #expect(held.attributes[backend.omitted.name] == backend.omitted.seeded)
        let changed = updated.actions.compactMap(\.change.after).flatMap(\.names)
        #expect(!changed.contains(backend.omitted.name), "\(changed)")
        #expect(held.children.contains(backend.child), "\(held.children)")
        #expect(Lab.lines(try await lab.plan(person)).isEmpty)
    }

    @Test(arguments: ConformanceBackend.all)
    func spellingTheServerCannotTellApartIsNoDeleteAndNoCreate(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        _ = try await lab.plan(backend.person(key: backend.key, value: backend.managed.seeded))
        let before = try #require(try lab.held(backend.key))
        for spelling in backend.sameKeySpellings {
            let person = backend.person(key: spelling, value: backend.managed.seeded)
            let planned = try await lab.apply(person, prune: true)
            // Prune removes the seeded stranger; nothing else is created or deleted.
            let lines = Lab.lines(planned).filter {
                !$0.contains("olduser") && !$0.contains("old@example.com") && !$0.contains("apply_changes")
            }
            #expect(!lines.contains { $0.hasPrefix("create ") || $0.hasPrefix("delete ") }, "\(spelling): \(lines)")
            let after = try #require(try lab.held(backend.key), "\(spelling): the live account is gone")
            #expect(after.id == before.id)
            #expect(after.children == before.children)
        }
        if let other = backend.otherSpelling {
            // Exact keys: the server holds another account under the other spelling, and the plan agrees.
            let person = backend.person(key: other, value: backend.managed.seeded)
            let planned = try await lab.apply(person)
            #expect(Lab.lines(planned).contains { $0.hasPrefix("create ") && $0.hasSuffix(" \(other)") })
            #expect(try lab.held(other) != nil && lab.held(backend.key) != nil)
            #expect(Lab.lines(try await lab.plan(person)).isEmpty)
        }
    }

    @Test(arguments: ConformanceBackend.all)
    func renameKeepsTheLiveAccountAndItsChildren(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        _ = try await lab.plan(backend.person(key: backend.key, value: backend.managed.seeded))
        let before = try #require(try lab.held(backend.key))
        let email = backend.type == "squirro" || backend.type == "cloud" ? backend.renamed : "bob@example.com"
        let person = backend.person(key: backend.renamed, value: backend.managed.seeded,
                                    extra: "previous_names: [\"\(backend.key)\"]")
            .replacingOccurrences(of: "email: bob@example.com", with: "email: \(email)")
        guard backend.canRename else {
            // The API cannot rename: a plan error naming what the old account holds, never a second account.
            await #expect(throws: DiagnosticError.self) { try await lab.plan(person, prune: true) }
            do { _ = try await lab.plan(person, prune: true) } catch let error as DiagnosticError {
                #expect(error.description.contains("cannot be renamed") && error.description.contains(backend.key),
                        "\(error)")
                #expect(error.description.contains("channel_admin"), "\(error)")
            }
            return
        }
        let planned = try await lab.apply(person, prune: true)
        // One update of the account, whatever else prune removes (the seeded stranger).
        let mine = planned.actions.filter { [backend.key, backend.renamed].contains($0.change.id.key.first ?? "") }
        #expect(mine.map(\.change.operation) == [.update], "\(Lab.lines(planned))")
        let keys = try lab.held().map(\.key)
        let after = try #require(try lab.held(backend.renamed), "\(keys)")
        #expect(after.id == before.id)
        #expect(after.children == before.children)
        #expect(try lab.held(backend.key) == nil)
        #expect(Lab.lines(try await lab.plan(person, prune: true)).isEmpty)
    }

    @Test(arguments: ConformanceBackend.all)
    func disabledIsKeptUnderPruneAll(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let person = backend.person(key: backend.key, value: backend.managed.seeded, extra: "state: disabled")
        let planned = try await lab.apply(person, prune: true)
        let lines = Lab.lines(planned)
        #expect(!lines.contains { $0.hasSuffix(" \(backend.key)") && $0.hasPrefix("delete ") }, "\(lines)")
        let held = try #require(try lab.held(backend.key), "a disabled person's account is never deleted")
        if backend.locksDisabled {
            #expect(backend.isLocked(held), "\(held)")
        } else {
            // Not locked yet: said in every form of the plan, at the person's line.
            let warning = try #require(planned.warnings.first { $0.message.contains("disabled") }, "\(planned.warnings)")
            #expect(warning.location?.file.hasSuffix("roster.yaml") == true && (warning.location?.line ?? 0) > 1)
            #expect(TextRenderer(color: false).render(planned).contains(warning.message))
            #expect(MarkdownRenderer().render(planned).contains("Warnings"))
            #expect(String(decoding: PlanDocument(planned).encoded(), as: UTF8.self).contains("\"warnings\""))
        }
        // The seeded stranger is pruned: prune works, it only spares the disabled account.
        #expect(try lab.held("olduser") == nil && lab.held("old@example.com") == nil)
        #expect(Lab.lines(try await lab.plan(person, prune: true)).isEmpty)
    }

    /// A pull-request plan (`plan --base`) of a change to one person, an update and then a
    /// removal, is the full plan's, however the backend is read (CTERA by name, ActiveLogic's
    /// program answering the named users only, the others listed while the configs load; a
    /// removal lists every user for the rails); the person left alone is not read, and nothing the
    /// server holds changes.
    @Test(arguments: ConformanceBackend.all)
    func aPullRequestPlanIsTheFullPlanOfWhatTheChangeTouches(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let carol = "\n  carol:\n    first_name: Carol\n    last_name: Jones\n    email: carol@example.com\n"
        _ = lab.write(backend.person(key: backend.key, value: backend.managed.seeded) + carol)
        try lab.commit()
        for person in [backend.person(key: backend.key, value: backend.managed.changed),
                       backend.person(key: backend.key, value: backend.managed.seeded, extra: "state: absent")] {
            let file = lab.write(person + carol)
            let held = try #require(lab.stateBytes())
            let full = Lab.lines(try await lab.plan(person + carol))
            let pull = try await lab.runner.planAgainstBase(path: file, base: "HEAD", full: false)
            #expect(!full.isEmpty)
            #expect(Lab.lines(pull) == full, "\(backend.type)")
            #expect(pull.unchangedPeople == 1)
            #expect(lab.stateBytes() == held)
        }
    }

    @Test(arguments: ConformanceBackend.all)
    func absentLeavesNothingOfThePerson(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let person = backend.person(key: backend.key, value: backend.managed.seeded, extra: "state: absent")
        try await lab.apply(person)
        #expect(try lab.held(backend.key) == nil)
        let ids = try lab.held().map(\.children)
        #expect(!ids.joined().contains(backend.child), "\(ids)")
        #expect(Lab.lines(try await lab.plan(person)).isEmpty)
    }

    @Test(arguments: ConformanceBackend.all)
    func pruneSparesProtectedAndPlanAndDryRunSendNothing(_ backend: ConformanceBackend) async throws {
        let lab = try await Lab.make(backend)
        let person = backend.person(key: backend.key, value: backend.managed.changed)
        _ = try await lab.plan(person, prune: true)
        let seeded = try #require(lab.stateBytes())
        // A plan and a dry run with changes pending leave the server as it was.
        #expect(!Lab.lines(try await lab.plan(person, prune: true)).isEmpty)
        try await lab.apply(person, prune: true, dryRun: true)
        #expect(lab.stateBytes() == seeded)
        try await lab.apply(person, prune: true)
        let keys = Set(try lab.held().map(\.key))
        #expect(!keys.contains("olduser") && !keys.contains("old@example.com"), "\(keys)")
        #expect(keys.contains(backend.key))
        // The protected administrator stays (ActiveLogic's built-in admin is never planned).
        #expect(keys.contains("admin") || keys.contains("admin@example.com"), "\(keys)")
    }
}
