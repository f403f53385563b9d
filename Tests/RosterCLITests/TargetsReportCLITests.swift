import Foundation
import RosterTestSupport
import Testing

/// Every `--target`/`--exclude` run says what it left out: how many changes, of which backends,
/// and the backends it did not read at all.
@Suite struct TargetsReportCLITests {
    @Test func backendTargetsAndExcludesSayWhatTheyLeftOut() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/company") + "/roster.yaml"
        let all = try await RosterBinary.run(["plan", "-c", config, "--format", "json"])
        #expect(all.status == 0, "\(all.all)")
        let files = all.stdout.components(separatedBy: "\"backend\" : \"files\"").count - 1
        #expect(files > 0)

        let backend = try await RosterBinary.run(["plan", "-c", config, "--target", "uyuni"])
        #expect(backend.status == 0, "\(backend.all)")
        #expect(backend.stdout.contains("0 change(s) left out by --target/--exclude; backend(s) not read: files."),
                "\(backend.stdout)")

        let excluded = try await RosterBinary.run(["plan", "-c", config, "--exclude", "files"])
        #expect(excluded.status == 0, "\(excluded.all)")
        #expect(excluded.stdout.contains("\(files) change(s) left out by --target/--exclude (files: \(files))."),
                "\(excluded.stdout)")

        let kind = try await RosterBinary.run(["plan", "-c", config, "--target", "uyuni/uyuni.role", "--format", "markdown"])
        #expect(kind.status == 0, "\(kind.all)")
        #expect(kind.stdout.contains("left out by --target/--exclude (uyuni: "), "\(kind.stdout)")
        #expect(kind.stdout.contains("backend(s) not read: files."), "\(kind.stdout)")
    }

    @Test func theTextPlanIsGroupedByPerson() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/company") + "/roster.yaml"
        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 0, "\(plan.all)")
        let text = "\n" + plan.stdout
        let asmith = try #require(text.range(of: "\nasmith  ("), "\(text)")
        let bjones = try #require(text.range(of: "\nbjones  ("))
        // asmith's changes on both backends, under asmith.
        #expect(text.range(of: "  uyuni (uyuni)\n    + uyuni.user asmith", range: asmith.upperBound..<bjones.lowerBound) != nil)
        #expect(text.range(of: "  files (ctera)\n    + ctera.user asmith", range: asmith.upperBound..<bjones.lowerBound) != nil,
                "\(text)")
        // CTERA's commit step belongs to no person: in the last group.
        let unowned = try #require(text.range(of: "\nNot owned by a person  ("))
        let commit = try #require(text.range(of: "+ ctera.apply_changes"))
        #expect(unowned.upperBound < commit.lowerBound)
        // bjones must change the password at first login: shown as the config writes it.
        #expect(text.contains("must_change_password: true"), "\(text)")
        #expect(!text.contains("password_change_days"))
    }
}

/// Every action is its person's, removals included (JSON `owner`), on the vendor backends.
@Suite(.serialized) struct AttributionCLITests {
    @Test func aUyuniRoleRemovalIsThePersons() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let config = folder + "/roster.yaml"
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "{roles: [channel_admin, config_admin]}", with: "{roles: [channel_admin]}")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let json = try await RosterBinary.run(["plan", "-c", config, "--format", "json"])
        #expect(json.status == 0, "\(json.all)")
        let plan = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let actions = try #require(plan["actions"] as? [[String: Any]])
        let removal = try #require(actions.first { ($0["kind"] as? String) == "uyuni.role" }, "\(json.stdout)")
        #expect(removal["operation"] as? String == "delete")
        #expect(removal["key"] as? [String] == ["bjones", "config_admin"])
        #expect(removal["owner"] as? String == "bjones", "\(removal)")
        let markdown = try await RosterBinary.run(["plan", "-c", config, "--format", "markdown"])
        #expect(markdown.stdout.contains("#### bjones: 1 to delete"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("Not owned by a person"))
    }
}
