import Foundation
import Testing
import RosterTestSupport

/// A role label Uyuni does not know fails `plan` and `apply` at its line, before anything is sent.
@Suite struct UyuniRoleCLITests {
    @Test func aMistypedRoleFailsPlanAtItsLine() async throws {
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              uyuni: {type: uyuni, url: sandbox, state: state.json, protect: [admin]}
            people:
              alice:
                first_name: Alice
                last_name: Smith
                email: alice@example.com
                password: alice-pass-1
                accounts:
                  uyuni:
                    roles: [channel_admin, org_admn]
            """)
        for command in [["plan"], ["apply", "--yes"]] {
            let result = try await RosterBinary.run(command + ["-c", file])
            #expect(result.status == 1, "\(command): \(result.all)")
            #expect(result.stderr.contains("roster.yaml:12:32: error: role 'org_admn' of 'alice' is not one 'uyuni' lets roster's login assign"),
                    "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'org_admin'?"), "\(result.stderr)")
        }
        // Nothing was sent: the state file has no alice.
        let state = (try? String(contentsOfFile: scratch.path + "/state.json", encoding: .utf8)) ?? ""
        #expect(!state.contains("alice"), "\(state)")
    }
}
