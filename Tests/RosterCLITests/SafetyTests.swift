import Foundation
import RosterSandbox
import Testing
import RosterTestSupport

/// What must hold against a real server: dry runs send no mutation, an invalid config contacts
/// nothing, and secrets never print.
@Suite(.serialized) struct SafetyTests {
    static func config(url: String, extra: String = "") -> String {
        """
        version: 1
        backends:
          uyuni:
            type: uyuni
            url: \(url)
            username: admin
            password: ${env:ROSTER_ADMIN_PASSWORD}
            protect: [admin]
        resources:
          uyuni: {system_groups: {web: {description: Web servers}, ops: {description: Operations}}}
        people:
          asmith:
            first_name: Alice
            last_name: Smith
            email: alice@example.com
            password: ${env:ROSTER_CANARY}
            accounts:
              uyuni: {roles: [org_admin], system_groups: [web, ops], default_system_groups: [ops]}
        \(extra)
        """
    }

    static let canary = "CANARY-9f2c51e7"
    static let env = ["ROSTER_ADMIN_PASSWORD": "sandbox-admin", "ROSTER_CANARY": canary]

    @Test func planAndDryRunSendOnlyReads() async throws {
        let (server, service) = try await Sandbox.start(type: "uyuni")
        let log = try #require((service as? UyuniEmulator)?.log)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        let plan = try await RosterBinary.run(["plan", "-c", file], environment: Self.env)
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.contains("+ uyuni.user asmith"))
        let dryRun = try await RosterBinary.run(["apply", "-c", file, "--dry-run"], environment: Self.env)
        #expect(dryRun.status == 0, "\(dryRun.all)")
        #expect(dryRun.stdout.contains("none sent"))
        let methods = log.entries.map(\.operation)
        #expect(methods.contains("user.listUsers"))
        #expect(methods.contains("auth.login"))
        for entry in log.entries {
            #expect(!entry.mutating, "\(entry.operation) changes the server")
            let readOnly = entry.operation.hasPrefix("auth.") || entry.operation.contains(".list")
                || entry.operation.contains(".get")
            #expect(readOnly, "\(entry.operation) is not a read")
        }
        try await server.shutdown()
    }

    @Test(arguments: [
        ("syntax", "people:\n  bob: {first_name: [x}\n"),
        ("unknown key", "  bob:\n    frist_name: Bob\n"),
        ("wrong type", "  bob:\n    first_name: [Bob]\n"),
        ("duplicate key", "  asmith: {}\n"),
        ("missing env var", "  bob:\n    password: ${env:ROSTER_NOT_SET_ANYWHERE}\n"),
        ("unknown backend", "  bob:\n    accounts: {uyni: {}}\n"),
    ])
    func invalidConfigExitsOneAndContactsNothing(_ name: String, _ extra: String) async throws {
        let (server, service) = try await Sandbox.start(type: "uyuni")
        let log = try #require((service as? UyuniEmulator)?.log)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL, extra: extra))
        for command in [["plan"], ["apply", "--yes"], ["validate"]] {
            let result = try await RosterBinary.run(command + ["-c", file], environment: Self.env)
            #expect(result.status == 1, "\(name): \(result.all)")
            let pattern = try Regex(#"roster\.yaml:\d+:\d+: error: "#)
            #expect(result.stderr.contains(pattern), "\(name): \(result.stderr)")
        }
        #expect(log.entries.isEmpty, "\(name): the server was contacted")
        try await server.shutdown()
    }

    @Test func canaryNeverPrintsAtAnyLogLevel() async throws {
        let (server, _) = try await Sandbox.start(type: "uyuni")
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        var outputs: [String] = []
        for format in ["text", "json"] {
            outputs.append(try await RosterBinary.run(["plan", "-c", file, "--format", format, "--log-level", "trace"],
                                                environment: Self.env).all)
        }
        let apply = try await RosterBinary.run(["apply", "-c", file, "--yes", "--log-level", "trace"], environment: Self.env)
        #expect(apply.status == 0, "\(apply.all)")
        outputs.append(apply.all)
        // An error that involves the secret: the canary as the admin password is refused by the server.
        let wrong = try await RosterBinary.run(["plan", "-c", file, "--log-level", "trace"],
                                         environment: ["ROSTER_ADMIN_PASSWORD": Self.canary, "ROSTER_CANARY": Self.canary])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("2950"))
        outputs.append(wrong.all)
        for output in outputs { #expect(!output.contains(Self.canary)) }
        try await server.shutdown()
    }
}
