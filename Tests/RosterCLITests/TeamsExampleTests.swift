import Foundation
import RosterTestSupport
import Testing

/// examples/teams through the built binary: the plan says where grants come from, one apply
/// converges, the contractor's access ends on its days, and the review finds the seeded orphan.
@Suite(.serialized) struct TeamsExampleTests {
    static let now = ["--now", "2027-01-15"]

    @Test func planShowsTeamsApplyConvergesReportFindsTheOrphan() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/teams") + "/roster.yaml"

        let plan = try await RosterBinary.run(["plan", "-c", config] + Self.now)
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.contains("+ uyuni.role asmith/config_admin  (via team oncall)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ uyuni.role asmith/system_group_admin  (via team platform)"))
        #expect(plan.stdout.contains("+ uyuni.role asmith/channel_admin\n"))
        #expect(plan.stdout.contains("+ uyuni.role bjones/system_group_admin  (via team platform)"))
        #expect(plan.stdout.contains("+ uyuni.user ckent\n"))

        let json = try await RosterBinary.run(["plan", "-c", config, "--format", "json"] + Self.now)
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/plan.schema.json")
        #expect(schema.validate(try JSON.parse(Data(json.stdout.utf8))) == [])
        #expect(json.stdout.contains("\"via\"") && json.stdout.contains("\"team oncall\""))
        let markdown = try await RosterBinary.run(["plan", "-c", config, "--format", "markdown"] + Self.now)
        #expect(markdown.stdout.contains("uyuni.role asmith/config\\_admin (via team oncall)"), "\(markdown.stdout)")

        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"] + Self.now)
        #expect(apply.status == 0, "\(apply.all)")
        #expect(apply.stdout.contains("0 failed"))
        let again = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"] + Self.now)
        #expect(again.status == 0, "\(again.all)")

        let report = try await RosterBinary.run(["report", "-c", config, "--format", "json"] + Self.now)
        #expect(report.status == 0, "\(report.all)")
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let uyuni = (object?["backends"] as? [[String: Any]])?.first
        #expect(uyuni?["orphans"] as? [String] == ["oldbuild"])
        let owners = (uyuni?["accounts"] as? [[String: Any]] ?? []).compactMap { $0["owner"] as? String }.sorted()
        #expect(owners == ["asmith", "bjones", "ckent"])
    }

    @Test func theContractorsAccessEndsOnItsDays() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/teams") + "/roster.yaml"
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"] + Self.now)
        #expect(apply.status == 0, "\(apply.all)")

        let soon = try await RosterBinary.run(["plan", "-c", config, "--now", "2027-03-20"])
        #expect(soon.stdout.contains("No changes"), "\(soon.all)")
        #expect(soon.stderr.contains(": warning: the membership of 'ckent' in team 'platform' ends on 2027-03-31 (in 11 days)"))
        let quiet = try await RosterBinary.run(["plan", "-c", config, "--now", "2027-03-20", "--expiry-warning", "7"])
        #expect(!quiet.stderr.contains("warning"))

        let april = try await RosterBinary.run(["plan", "-c", config, "--now", "2027-04-01"])
        #expect(april.stdout.contains("- uyuni.role ckent/system_group_admin"), "\(april.all)")
        #expect(april.stdout.contains("- uyuni.assigned_group ckent/web"))
        #expect(!april.stdout.contains("uyuni.user ckent"))

        let july = try await RosterBinary.run(["plan", "-c", config, "--now", "2027-07-01"])
        #expect(july.stdout.contains("~ uyuni.user ckent"), "\(july.all)")
        #expect(july.stdout.contains("enabled: true → false"))

        // The review: what ends within 30 days, then the disabled contractor whose account still works.
        let june = try await RosterBinary.run(["report", "-c", config, "--now", "2027-06-10", "--format", "json"])
        let ending = try Self.backend(june)?["ending"] as? [[String: Any]]
        #expect(ending?.map { $0["what"] as? String } == ["person 'ckent'"], "\(june.all)")
        #expect(ending?.first?["days"] as? Int == 20)
        let late = try await RosterBinary.run(["report", "-c", config, "--now", "2027-07-05", "--format", "json"])
        #expect(try Self.backend(late)?["still_working"] as? [String] == ["ckent"], "\(late.all)")
        let markdown = try await RosterBinary.run(["report", "-c", config, "--now", "2027-07-05"])
        #expect(markdown.stdout.contains("- ckent (ckent, disabled)"), "\(markdown.stdout)")

        let validate = try await RosterBinary.run(["validate", "-c", config, "--now", "2027-07-01"])
        #expect(validate.status == 0)
        #expect(validate.stderr.contains("warning: person 'ckent' ended on 2027-06-30; remove it from the config"))
    }

    static func backend(_ result: RosterBinary.Result) throws -> [String: Any]? {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["backends"] as? [[String: Any]])?.first
    }
}
