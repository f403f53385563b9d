import Foundation
import RosterSandbox
import RosterTestSupport
import Testing
import XMLRPC

/// A saved plan is checked action by action: what moved since the review is refused with its
/// dependents, the rest is applied, and the exit code is 5.
@Suite struct SavedPlanTests {
    static func config(_ url: String, bobEmail: String, carol: Bool) -> String {
        """
        version: 1
        backends:
          uyuni: {type: uyuni, url: "\(url)", username: admin, password: sandbox-admin, protect: [admin]}
        people:
          bjones:
            first_name: Bob
            last_name: Jones
            email: \(bobEmail)
            password: bob-pass-1
            accounts: {uyuni: {roles: [channel_admin]}}
        \(carol ? "  cwhite:\n    first_name: Carol\n    email: carol@example.com\n    password: carol-pass-1\n    accounts: {uyuni: {roles: [config_admin]}}\n" : "")
        """
    }

    @Test func driftedActionAndItsDependentsAreRefusedTheRestApplied() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let scratch = Scratch()
            let file = scratch.write("roster.yaml", Self.config(server.baseURL, bobEmail: "bob@example.com", carol: false))
            #expect(try await RosterBinary.run(["apply", "-c", file, "--yes"]).status == 0)

            // The reviewed change: Bob's address, and Carol with her role.
            scratch.write("roster.yaml", Self.config(server.baseURL, bobEmail: "robert@example.com", carol: true))
            let saved = scratch.path + "/plan.json"
            let plan = try await RosterBinary.run(["plan", "-c", file, "--out", saved])
            #expect(plan.status == 0, "\(plan.all)")

            // Out of band, after the review: Bob's last name changes.
            guard case .success(let key) = emulator.perform(XMLRPCMethodCall(methodName: "auth.login",
                                                                          params: ["admin", "sandbox-admin"])) else {
                Issue.record("no session")
                return
            }
            _ = emulator.perform(XMLRPCMethodCall(methodName: "user.setDetails",
                                                  params: [key, "bjones", .struct(["last_name": "Smith"])]))

            let apply = try await RosterBinary.run(["apply", saved, "-c", file, "--yes"])
            #expect(apply.status == 5, "\(apply.all)")
            #expect(apply.stderr.contains("refused update uyuni/uyuni.user/bjones: live object changed since review: last_name"))
            let users = emulator.state.users
            #expect(users.first { $0.login == "bjones" }?.email == "bob@example.com")
            #expect(users.first { $0.login == "cwhite" }?.roles == ["config_admin"])
        }
    }
}
