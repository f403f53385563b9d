import Foundation
import RosterSandbox
import Testing
import RosterTestSupport

/// Warnings reach the operator on every command that succeeds: on stderr as
/// `file:line:col: warning: message`, and in the text, JSON and Markdown plans.
@Suite(.serialized) struct WarningsCLITests {
    static func config(url: String) -> String {
        """
        version: 1
        backends:
          cloud:
            type: cloud
            url: \(url)
            email: admin@example.com
            password: ${env:CLOUD_ADMIN_PASSWORD}
            email_template: "{first}.{last}@example.com"
            prune: all
            protect: [admin@example.com]
            insecure: true
        people:
          mia:
            first_name: Mía
            last_name: Ortega
            accounts:
              cloud: {priority: 2}
          dora:
            first_name: Dora
            last_name: Diaz
            state: disabled
            accounts:
              cloud: {priority: 1}

        """
    }

    static let env = ["CLOUD_ADMIN_PASSWORD": "sandbox-admin"]
    static let message = "backend 'cloud': TLS certificate verification is off ('insecure: true')"

    /// `insecure:` is on line 11, column 5.
    static func warning(_ file: String) -> String { "\(file):11:5: warning: \(message)" }

    @Test func validateShowsTheWarningAndSucceeds() async throws {
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: "https://cloud.invalid"))
        let result = try await RosterBinary.run(["validate", "-c", file], environment: Self.env)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stderr.contains(Self.warning(file) + "\n"), "\(result.all)")
        #expect(result.stdout.contains("valid"), "\(result.all)")
    }

    @Test func planShowsTheWarningInEveryFormat() async throws {
        let (server, service) = try await Sandbox.start(type: "cloud")
        let emulator = try #require(service as? CloudEmulator)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        let text = try await RosterBinary.run(["plan", "-c", file], environment: Self.env)
        #expect(text.status == 0, "\(text.all)")
        #expect(text.stderr.contains(Self.warning(file) + "\n"), "\(text.all)")
        #expect(text.stdout.contains("Warnings:\n  " + Self.warning(file) + "\n"), "\(text.all)")

        let json = try await RosterBinary.run(["plan", "-c", file, "--format", "json"], environment: Self.env)
        #expect(json.status == 0, "\(json.all)")
        #expect(json.stderr.contains(Self.warning(file)), "\(json.all)")
        let plan = try JSON.parse(Data(json.stdout.utf8))
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/plan.schema.json")
        #expect(schema.validate(plan) == [])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let warnings = try #require(object?["warnings"] as? [[String: Any]], "\(json.stdout)")
        #expect(warnings.count == 1)
        #expect(warnings.first?["message"] as? String == Self.message)
        #expect(warnings.first?["file"] as? String == file)
        #expect(warnings.first?["line"] as? Int == 11)
        #expect(warnings.first?["column"] as? Int == 5)

        let markdown = try await RosterBinary.run(["plan", "-c", file, "--format", "markdown"], environment: Self.env)
        #expect(markdown.status == 0, "\(markdown.all)")
        #expect(markdown.stdout.contains("#### Warnings\n"), "\(markdown.all)")
        #expect(markdown.stdout.contains("TLS certificate verification is off"), "\(markdown.all)")
        #expect(emulator.state.user(email: "mia.ortega@example.com") == nil, "plan changed nothing")
        try await server.shutdown()
    }

    @Test func applyShowsTheWarning() async throws {
        let (server, service) = try await Sandbox.start(type: "cloud")
        let emulator = try #require(service as? CloudEmulator)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        let apply = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", scratch.path + "/s.json"], environment: Self.env)
        #expect(apply.status == 0, "\(apply.all)")
        #expect(apply.stderr.contains(Self.warning(file) + "\n"), "\(apply.all)")
        #expect(emulator.state.user(email: "mia.ortega@example.com") != nil)
        // Nothing left to do: the warning is still shown.
        let again = try await RosterBinary.run(["apply", "-c", file, "--yes"], environment: Self.env)
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stderr.contains(Self.warning(file) + "\n"), "\(again.all)")
        try await server.shutdown()
    }

    @Test func oneRunReportsBackendAndPeopleErrorsInOrder() async throws {
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              cloud:
                type: cloud
                url: https://cloud.invalid
                email: admin@example.com
                password: ${env:CLOUD_ADMIN_PASSWORD}
                colour: red
            people:
              mia:
                frist_name: Mía
                accounts:
                  cloud: {email: mia@example.com, priorty: 2}

            """)
        for command in ["validate", "plan"] {
            let result = try await RosterBinary.run([command, "-c", file], environment: Self.env)
            #expect(result.status == 1, "\(result.all)")
            let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
            #expect(errors.map { $0.split(separator: ":").dropFirst().prefix(2).joined(separator: ":") } == ["8:5", "11:5", "13:39"],
                    "\(result.all)")
            #expect(result.stderr.contains("3 errors"), "\(result.all)")
        }
    }
}
