import Foundation
import RosterSandbox
import Testing
import RosterTestSupport

/// The cloud backend through the binary: generated passwords and new API keys reach the secrets
/// file and no other output.
@Suite(.serialized) struct CloudSecretsTests {
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
        people:
          mia:
            first_name: Mía
            last_name: Ortega
            accounts:
              cloud: {priority: 2, platform_ids: [0b6f3c52-0000-4000-8000-000000000002], api_keys: {ci: {priority: 1}}}
        """
    }

    @Test func generatedSecretsGoOnlyToTheSecretsFile() async throws {
        let (server, service) = try await Sandbox.start(type: "cloud")
        let emulator = try #require(service as? CloudEmulator)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        let env = ["CLOUD_ADMIN_PASSWORD": "sandbox-admin"]
        let secretsPath = scratch.path + "/secrets.json"
        let apply = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", secretsPath,
                                                "--log-level", "trace"], environment: env)
        #expect(apply.status == 0, "\(apply.all)")
        #expect(apply.all.contains("mia.ortega@example.com"), "\(apply.all)")
        let data = try Data(contentsOf: URL(fileURLWithPath: secretsPath))
        let secrets = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        let password = try #require(secrets["cloud/cloud.user/mia.ortega@example.com#password"])
        let key = try #require(secrets["cloud/cloud.api_key/mia.ortega@example.com/ci#token"])
        #expect(emulator.state.user(email: "mia.ortega@example.com")?.password == password)
        #expect(emulator.state.tokens.contains { $0.secret == key })
        let mode = try FileManager.default.attributesOfItem(atPath: secretsPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let plan = try await RosterBinary.run(["plan", "-c", file, "--format", "json", "--log-level", "trace"], environment: env)
        #expect(plan.status == 0, "\(plan.all)")
        let again = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"], environment: env)
        #expect(again.status == 0, "converged: \(again.all)")
        for output in [apply.all, plan.all, again.all] {
            #expect(!output.contains(password), "the generated password printed")
            #expect(!output.contains(key), "the API key printed")
            #expect(!output.contains("sandbox-admin"), "the admin password printed")
        }
        try await server.shutdown()
    }

    @Test func exampleAppliesAndConverges() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/cloud")
        let file = folder + "/roster.yaml"
        let plan = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.all)")
        for line in ["+ cloud.user marie.lefevre@example.com", "+ cloud.api_key marie.lefevre@example.com/ci",
                     "~ cloud.user taro.kato@example.com", "- cloud.api_key taro.kato@example.com/old-laptop",
                     "- cloud.user r.gone@example.com"] {
            #expect(plan.stdout.contains(line), "\(line) in \(plan.stdout)")
        }
        let secrets = scratch.path + "/secrets.json"
        let apply = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", secrets])
        #expect(apply.status == 0, "\(apply.all)")
        let written = try String(contentsOfFile: secrets, encoding: .utf8)
        let names = try #require(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: String]).keys.sorted()
        #expect(names == ["cloud/cloud.api_key/marie.lefevre@example.com/ci#token",
                          "cloud/cloud.api_key/marie.lefevre@example.com/notebook#token",
                          "cloud/cloud.user/marie.lefevre@example.com#password"])
        let again = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.all)")
    }

    @Test func planAndDryRunSendNoMutationButLogin() async throws {
        let (server, service) = try await Sandbox.start(type: "cloud")
        let emulator = try #require(service as? CloudEmulator)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(url: server.baseURL))
        let env = ["CLOUD_ADMIN_PASSWORD": "sandbox-admin"]
        let plan = try await RosterBinary.run(["plan", "-c", file], environment: env)
        #expect(plan.status == 0 && plan.stdout.contains("+ cloud.user mia.ortega@example.com"), "\(plan.all)")
        let dryRun = try await RosterBinary.run(["apply", "-c", file, "--dry-run"], environment: env)
        #expect(dryRun.status == 0, "\(dryRun.all)")
        #expect(emulator.log.operations.filter { $0 == "auth.login" }.count == 2)
        for entry in emulator.log.entries {
            #expect(!entry.mutating, "\(entry)")
            #expect(entry.method == "GET" || entry.operation == "auth.login", "\(entry)")
        }
        #expect(emulator.state.users.count == 1)
        try await server.shutdown()
    }
}
