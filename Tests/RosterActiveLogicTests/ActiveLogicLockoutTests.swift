import Foundation
import RosterCore
import Testing

/// `state: disabled` on ActiveLogic: masks 0, keys removed and a random password, each shown in
/// the plan; the lock read back with `authenticate`; re-enabling sets the declared password again.
@Suite struct ActiveLogicLockoutTests {
    typealias T = ActiveLogicProviderTests

    @Test func disableLocksAndEnablingRestoresWhatIsDeclared() async throws {
        let lab = ActiveLogicLab()
        try await lab.converge(T.alice())
        let disabled = T.alice().replacingOccurrences(of: "    accounts:", with: "    state: disabled\n    accounts:")
        let planned = try await lab.converge(disabled)
        #expect(ActiveLogicLab.lines(planned).sorted() == [
            "delete activelogic.pubkey alice/\(T.key2)", "delete activelogic.pubkey alice/\(T.key1)",
            "update activelogic.user alice lviewbm,readbm,sign_in,writebm",
        ])
        let text = TextRenderer(color: false).render(planned)
        #expect(text.contains("sign_in: \"password\" → \"random password (not kept)\""), "\(text)")
        let alice = try #require(try lab.users()["alice"])
        #expect(alice["password"] as? String != "alice-initial-1")
        #expect(!text.contains(alice["password"] as? String ?? "-"))
        #expect([alice["readbm"], alice["writebm"], alice["lviewbm"]].allSatisfy { $0 as? Int == 0 })
        #expect((alice["keys"] as? [String] ?? ["?"]).isEmpty)
        #expect(try await lab.plan(disabled).isEmpty, "still locked: the declared password is refused")

        // Enabled again: masks, keys and the password as declared.
        let enabled = try await lab.converge(T.alice())
        #expect(ActiveLogicLab.lines(enabled).contains("update activelogic.user alice lviewbm,password,readbm,sign_in,writebm"),
                "\(ActiveLogicLab.lines(enabled))")
        #expect(try lab.users()["alice"]?["password"] as? String == "alice-initial-1")
        #expect(try await lab.plan(T.alice()).isEmpty)
    }

    /// A user at `add_user`'s defaults (every mask 0, no key declared) looks locked either way, so
    /// a plan does not check its password: a plan of many such users asks the system nothing per
    /// user. A user the config gives a mask or keys is checked, and only when its masks read 0.
    @Test func onlyAccountsThatCouldBeToldFromLockedAreChecked() async throws {
        let lab = ActiveLogicLab()
        let people = (1...5).map { "  user\($0):\n    password: pass-word-\($0)\n    accounts: {al: {}}\n" }.joined()
        let given = "  given:\n    password: given-pass-1\n    accounts: {al: {readbm: 1}}\n"
        try await lab.converge(people + given)
        let sent = try lab.methods().count
        #expect(try await lab.plan(people + given).isEmpty)
        let asked = try lab.methods().dropFirst(sent)
        #expect(!asked.contains("verify_passwords"), "\(asked)")
        // Someone zeroes `given`'s mask on the system: it may be locked now, so it is checked (and
        // the mask is planned back; its password is still the declared one, so it is not reset).
        try lab.changeState { users in
            for i in users.indices where users[i]["name"] as? String == "given" { users[i]["readbm"] = 0 }
        }
        let before = try lab.methods().count
        let planned = try await lab.plan(people + given)
        #expect(ActiveLogicLab.lines(planned) == ["update activelogic.user given readbm"], "\(ActiveLogicLab.lines(planned))")
        #expect(try lab.methods().dropFirst(before).contains("verify_passwords"))
    }
}
