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
}
