import Foundation
import Testing
import RosterTestSupport

/// The README's quick start, run with the built binary: plan, apply, plan again.
@Suite(.serialized) struct QuickstartTests {
    @Test func planApplyPlanConverges() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let config = folder + "/roster.yaml"

        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.contains("+ uyuni.user asmith"))
        #expect(plan.stdout.contains("~ uyuni.user bjones"))
        #expect(plan.stdout.contains("email: \"bob@old.example.com\" → \"bob@example.com\""))
        #expect(plan.stdout.contains("- uyuni.user cdavis  (state: absent)"))
        #expect(plan.stdout.contains("password: (sensitive)"))
        #expect(!plan.all.contains("alice-first-day-1"))

        let detailed = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(detailed.status == 2)

        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
        #expect(apply.stdout.contains("0 failed"))

        let again = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stdout.contains("No changes"))
    }

    @Test func applyWithoutATerminalNeedsYes() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let apply = try await RosterBinary.run(["apply", "-c", folder + "/roster.yaml"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("--yes"))
    }

    @Test func savedPlanIsAppliedOnlyWhileCurrent() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let config = folder + "/roster.yaml"
        let saved = scratch.path + "/plan.json"
        let plan = try await RosterBinary.run(["plan", "-c", config, "--out", saved])
        #expect(plan.status == 0, "\(plan.all)")
        // The config moves on after the review: the saved plan is refused whole.
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "email: bob@example.com", with: "email: robert@example.com")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let stale = try await RosterBinary.run(["apply", saved, "-c", config, "--yes"])
        #expect(stale.status == 5, "\(stale.all)")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let apply = try await RosterBinary.run(["apply", saved, "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
    }

    @Test func jsonPlanHasTheSummary() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let plan = try await RosterBinary.run(["plan", "-c", folder + "/roster.yaml", "--format", "json"])
        #expect(plan.status == 0, "\(plan.all)")
        let object = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        let summary = object?["summary"] as? [String: Int]
        #expect(summary?["create"] ?? 0 >= 1)
        #expect(summary?["update"] ?? 0 >= 1)
        #expect(summary?["delete"] == 1)
    }
}

/// `--target` and `--exclude` through the binary.
@Suite struct TargetingTests {
    @Test func targetAKindAndExcludeAnObject() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/quickstart") + "/roster.yaml"
        let roles = try await RosterBinary.run(["plan", "-c", config, "--target", "uyuni/uyuni.role"])
        #expect(roles.status == 0, "\(roles.all)")
        #expect(roles.stdout.contains("+ uyuni.role asmith/org_admin"))
        #expect(roles.stdout.contains("+ uyuni.user asmith"), "the role's user comes along")
        #expect(!roles.stdout.contains("cdavis"))
        #expect(roles.stdout.contains("left out by --target/--exclude"))

        let excluded = try await RosterBinary.run(["plan", "-c", config, "--exclude", "uyuni/uyuni.user/cdavis"])
        #expect(excluded.status == 0)
        #expect(!excluded.stdout.contains("- uyuni.user cdavis"))
        #expect(excluded.stdout.contains("1 change(s) left out"))

        let unknown = try await RosterBinary.run(["plan", "-c", config, "--target", "uyuni/uyuni.rol"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown kind 'uyuni.rol'"))
        #expect(unknown.stderr.contains("did you mean 'uyuni.role'?"))
    }
}
