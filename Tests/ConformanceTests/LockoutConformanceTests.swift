import Foundation
import RosterCore
import Testing

/// `LIFECYCLE.md`'s `disabled` and `absent` on every backend: one line in git, and the person has
/// no way in. Each check asks the emulator's own sign-in and credential checks on what it holds
/// (its state file), never roster's report of what it did.
@Suite(.serialized) struct LockoutConformanceTests {
    typealias Lab = ConformanceLab

    /// bsmith active with the credentials the backend's probe declares.
    static func person(_ backend: ConformanceBackend, _ probe: LockoutProbe, state: String? = nil) -> String {
        let account = backend.account(backend.key, backend.managed.seeded)
        let declared = probe.declared.isEmpty ? account : Lab.merge(account, probe.declared)
        return backend.person(key: backend.key, value: backend.managed.seeded, extra: state.map { "state: \($0)" } ?? "")
            .replacingOccurrences(of: account, with: declared)
    }

    static let password = "Bob-pass-123"

    static func probe(_ backend: ConformanceBackend) throws -> LockoutProbe {
        try #require(backend.lockout, "\(backend.type): no lockout probe, so nothing shows that disable locks it")
    }

    /// Applies the active person and checks that the probe can see a way in: without this, a probe
    /// that always says "locked" would pass every lockout check.
    static func activeLab(_ backend: ConformanceBackend, _ probe: LockoutProbe) async throws -> Lab {
        let lab = try await Lab.make(backend)
        try await lab.apply(person(backend, probe), prune: true)
        #expect(try probe.signsIn(lab.statePath, backend.key, password), "\(backend.type): the declared password")
        #expect(try !probe.signsIn(lab.statePath, backend.key, "Not-the-password-9"), "\(backend.type): a wrong password")
        if !probe.declared.isEmpty {
            #expect(try !probe.workingCredentials(lab.statePath, backend.key).isEmpty, "\(backend.type): declared keys")
        }
        return lab
    }

    @Test(arguments: ConformanceBackend.all)
    func disabledLeavesNoWayInAndKeepsTheAccount(_ backend: ConformanceBackend) async throws {
        let probe = try Self.probe(backend)
        let lab = try await Self.activeLab(backend, probe)
        let before = try #require(try lab.held(backend.key))
        let disabled = Self.person(backend, probe, state: "disabled")
        let planned = try await lab.apply(disabled, prune: true)
        let held = try #require(try lab.held(backend.key), "\(backend.type): a disabled account is kept")
        #expect(held.id == before.id)
        #expect(try !probe.signsIn(lab.statePath, backend.key, Self.password), "\(backend.type): still signs in")
        let working = try probe.workingCredentials(lab.statePath, backend.key)
        #expect(working.isEmpty, "\(backend.type): still accepted: \(working)")
        // Each step is its own line of the plan; no form of the plan carries a secret.
        let text = TextRenderer(color: false).render(planned)
        for step in probe.steps { #expect(text.contains(step), "\(backend.type): no step \"\(step)\" in\n\(text)") }
        // What the lockout removes is said to be for `state: disabled`, never "absent in config".
        let removed = planned.actions.map(\.change).filter { $0.operation == .delete }
        #expect(removed.allSatisfy { $0.reason == .stateDisabled }, "\(backend.type): \(removed.map { "\($0.id) \(String(describing: $0.reason))" })")
        let forms = [text, MarkdownRenderer().render(planned), String(decoding: PlanDocument(planned).encoded(), as: UTF8.self)]
        #expect(!forms.contains { $0.contains(Self.password) }, "\(backend.type): the password is printed")
        // Locked is converged: a second plan, with prune, has nothing to do.
        #expect(Lab.lines(try await lab.plan(disabled, prune: true)).isEmpty, "\(backend.type)")
    }

    @Test(arguments: ConformanceBackend.all)
    func enablingAgainRestoresWhatTheFileDeclares(_ backend: ConformanceBackend) async throws {
        let probe = try Self.probe(backend)
        let lab = try await Self.activeLab(backend, probe)
        try await lab.apply(Self.person(backend, probe, state: "disabled"), prune: true)
        let active = Self.person(backend, probe)
        try await lab.apply(active, prune: true)
        #expect(try probe.signsIn(lab.statePath, backend.key, Self.password), "\(backend.type): the declared password")
        if !probe.declared.isEmpty {
            let working = try probe.workingCredentials(lab.statePath, backend.key)
            #expect(!working.isEmpty, "\(backend.type): the declared keys work again")
        }
        #expect(Lab.lines(try await lab.plan(active, prune: true)).isEmpty, "\(backend.type)")
    }

    @Test(arguments: ConformanceBackend.all)
    func absentLeavesNoCredentialMembershipOrAccount(_ backend: ConformanceBackend) async throws {
        let probe = try Self.probe(backend)
        let lab = try await Self.activeLab(backend, probe)
        let id = try #require(try lab.held(backend.key)).id
        #expect(try !probe.traces(lab.statePath, id).isEmpty, "\(backend.type): the probe sees the person")
        let absent = Self.person(backend, probe, state: "absent")
        try await lab.apply(absent)
        #expect(try lab.held(backend.key) == nil)
        let left = try probe.traces(lab.statePath, id)
        #expect(left.isEmpty, "\(backend.type): the emulator still holds \(left)")
        #expect(try !probe.signsIn(lab.statePath, backend.key, Self.password))
        #expect(Lab.lines(try await lab.plan(absent)).isEmpty, "\(backend.type)")
    }
}
