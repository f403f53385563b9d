import Foundation
import RosterSandbox
import RosterTestSupport
import Testing
import XMLRPC

/// Issue 19, points 5 and 6: an apply of a saved plan that is partly stale and partly failed exits
/// 4 and says both; the saved plan is a 0600 file; a live value with control characters is shown
/// escaped.
@Suite struct ExitPrecedenceTests {
    /// The saved-plan tests' config: Bob, and Carol when asked.
    static func config(_ url: String, bobEmail: String, carol: Bool) -> String {
        SavedPlanTests.config(url, bobEmail: bobEmail, carol: carol)
    }

    @Test func failuresComeBeforeStaleness() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let scratch = Scratch()
            let file = scratch.write("roster.yaml", Self.config(server.baseURL, bobEmail: "bob@example.com", carol: false))
            #expect(try await RosterBinary.run(["apply", "-c", file, "--yes"]).status == 0)
            scratch.write("roster.yaml", Self.config(server.baseURL, bobEmail: "robert@example.com", carol: true))
            let saved = scratch.path + "/plan.json"
            let plan = try await RosterBinary.run(["plan", "-c", file, "--out", saved])
            #expect(plan.status == 0, "\(plan.all)")
            let mode = try FileManager.default.attributesOfItem(atPath: saved)[.posixPermissions] as? Int
            #expect(mode == 0o600, "a saved plan holds live personal data")

            // After the review: Bob's last name changes (stale), and Carol's creation fails.
            let key = try Self.login(emulator)
            _ = emulator.perform(XMLRPCMethodCall(methodName: "user.setDetails",
                                                  params: [key, "bjones", .struct(["last_name": "Smith"])]))
            server.faults = FaultPlan(errorRate: 1, errorStatus: 500) {
                String(decoding: $0.body, as: UTF8.self).contains("<methodName>user.create</methodName>")
            }
            let apply = try await RosterBinary.run(["apply", saved, "-c", file, "--yes"])
            #expect(apply.status == 4, "failed actions take precedence over stale ones: \(apply.all)")
            #expect(apply.stderr.contains("refused update uyuni/uyuni.user/bjones"), "\(apply.all)")
            #expect(apply.stdout.contains("1 failed") && apply.stdout.contains("1 refused as stale"), "\(apply.stdout)")
        }
    }

    @Test func controlCharactersOfALiveValueAreEscaped() async throws {
        let scratch = Scratch()
        let seed = scratch.write("seed.yaml", """
            users:
              - {email: admin@example.com, password: sandbox-admin, first_name: Sandbox, last_name: Admin, is_admin: true, priority: 10}
              - {email: bob@example.com, password: Bob-pass-1, first_name: "Bo\\e[2Jb\\r\\e[31mEVIL\\u202E", last_name: Jones}
            """)
        let (server, _) = try await Sandbox.start(type: "cloud", seedPath: seed)
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              cloud: {type: cloud, url: "\(server.baseURL)", email: admin@example.com, password: sandbox-admin}
            people:
              bob: {first_name: Bob, last_name: Jones, email: bob@example.com, accounts: {cloud: {}}}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.stdout.contains("EVIL") && plan.stdout.contains("[2J"), "the value is shown, escaped: \(plan.all)")
        #expect(!plan.all.contains("\u{1B}"), "a raw escape reached the output")
        #expect(!plan.all.contains("\r") && !plan.all.contains("\u{202E}"))
        try await server.shutdown()
    }

    static func login(_ emulator: UyuniEmulator) throws -> XMLRPCValue {
        guard case .success(let key) = emulator.perform(XMLRPCMethodCall(methodName: "auth.login",
                                                                          params: ["admin", "sandbox-admin"])) else {
            throw RosterTestFailure("no session")
        }
        return key
    }
}

struct RosterTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
