import Foundation
@testable import RosterSandbox
import Testing
import RosterTestSupport

/// No secret without a receiver: a plan that generates a password or a key is marked so, and
/// `apply` without `--secrets-out` refuses it before anything changes. A dry run says "would".
@Suite struct SecretsReceiverTests {
    static let marie = "cloud/cloud.user/marie.lefevre@example.com"
    static let marieKey = "cloud/cloud.api_key/marie.lefevre@example.com/ci"

    @Test func applyWithoutSecretsOutRefusesAndChangesNothing() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/cloud")
        let file = folder + "/roster.yaml"
        // A first apply of a change that generates nothing gives the emulator a state file.
        let first = try await RosterBinary.run(["apply", "-c", file, "--yes",
                                                "--target", "cloud/cloud.user/taro.kato@example.com"])
        #expect(first.status == 0, "\(first.all)")
        let statePath = folder + "/.roster/cloud-state.json"
        let before = try #require(FileManager.default.contents(atPath: statePath))

        let refused = try await RosterBinary.run(["apply", "-c", file, "--yes"])
        #expect(refused.status == 1, "\(refused.all)")
        #expect(refused.stderr.contains("--secrets-out"), "\(refused.stderr)")
        #expect(refused.stderr.contains("create \(Self.marie)") && refused.stderr.contains("create \(Self.marieKey)"),
                "\(refused.stderr)")
        #expect(!refused.stderr.contains("succeeded"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: statePath) == before, "the emulator's state changed")

        // Dry run: not refused, nothing sent, and it says what it would do.
        let dryRun = try await RosterBinary.run(["apply", "-c", file, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.all)")
        #expect(dryRun.stderr.contains("would create \(Self.marie)"), "\(dryRun.stderr)")
        #expect(!dryRun.stderr.contains("succeeded"), "\(dryRun.stderr)")
        #expect(dryRun.stdout.components(separatedBy: "+ cloud.user marie.lefevre@example.com").count == 2,
                "the plan shown once: \(dryRun.stdout)")
        #expect(FileManager.default.contents(atPath: statePath) == before, "the dry run changed the state")

        // With a receiver it applies, and the plan it applies is in its output off a terminal.
        let applied = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", scratch.path + "/s.json"])
        #expect(applied.status == 0, "\(applied.all)")
        #expect(applied.stdout.contains("+ cloud.user marie.lefevre@example.com"), "\(applied.stdout)")
        #expect(applied.stderr.contains("succeeded: create \(Self.marie)"), "\(applied.stderr)")
    }

    @Test func planMarksTheActionsThatGenerateSecrets() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/cloud")
        let file = folder + "/roster.yaml"
        let text = try await RosterBinary.run(["plan", "-c", file])
        #expect(text.stdout.contains("+ cloud.user marie.lefevre@example.com  (generates a secret: needs --secrets-out)"),
                "\(text.stdout)")
        #expect(!text.stdout.contains("taro.kato@example.com  (generates"), "\(text.stdout)")
        let json = try await RosterBinary.run(["plan", "-c", file, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let actions = try #require(document["actions"] as? [[String: Any]])
        let marked = actions.filter { $0["generates_secret"] as? Bool == true }
            .map { "\($0["kind"]!) \(($0["key"] as? [String] ?? []).joined(separator: "/"))" }.sorted()
        #expect(marked == ["cloud.api_key marie.lefevre@example.com/ci", "cloud.api_key marie.lefevre@example.com/notebook",
                           "cloud.user marie.lefevre@example.com"])
        let markdown = try await RosterBinary.run(["plan", "-c", file, "--format", "markdown"])
        #expect(markdown.stdout.components(separatedBy: "🔑 generates a secret").count == 4, "\(markdown.stdout)")
    }

    /// CTERA's trailing apply-changes is a commit step, not a create, in every summary.
    @Test func commitStepCountedApartFromCreates() async throws {
        let (server, _) = try await Sandbox.start(type: "ctera")
        let scratch = Scratch()
        let zoe = "  zoe:\n    email: zoe@acme.example\n    accounts: {portal: {s3_keys: 1}}\n"
        let file = scratch.write("roster.yaml", CteraCLITests.config(server.baseURL, zoe))
        let text = try await RosterBinary.run(["plan", "-c", file])
        #expect(text.stdout.contains("Plan: 2 to create, 0 to update, 0 to delete, 1 commit step."), "\(text.stdout)")
        let json = try await RosterBinary.run(["plan", "-c", file, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["create": 2, "update": 0, "delete": 0, "commit_steps": 1])
        try await server.shutdown()
    }
}
