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
