import Foundation
import RosterYAML
import RosterTestSupport
import Testing

/// The config schema covers `teams:`, a person's `teams:` and every `until:`.
@Suite struct TeamsSchemaTests {
    static func errors(_ yaml: String) throws -> [String] {
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/roster.schema.json")
        return schema.validate(JSON(try YAMLDocument.parse(yaml, file: "t.yaml").root))
    }

    static let teams = """
        version: 1
        timezone: Europe/Zurich
        expire_to: absent
        teams:
          platform: {description: Ops, include: [oncall], accounts: {uyuni: {roles: [org_admin]}}}
          oncall: {accounts: {uyuni: {system_groups: [web]}}}

        """

    @Test func teamsMembershipsAndUntilAreDescribed() throws {
        let good = Self.teams + """
            people:
              asmith:
                until: 2027-06-30
                expire_to: disabled
                teams: [platform, {team: oncall, until: 2027-03-31}]
                accounts: {uyuni: {until: 2027-01-31, roles: [channel_admin]}}
            """
        #expect(try Self.errors(good) == [])
    }

    @Test func wrongTeamsAreRefused() throws {
        #expect(try Self.errors(Self.teams + "people:\n  a: {teams: [{name: oncall}]}\n").count == 1)
        #expect(try Self.errors(Self.teams + "people:\n  a: {expire_to: gone}\n").count == 1)
        #expect(try Self.errors("version: 1\nteams:\n  x: {members: [a]}\n").count == 1)
    }
}
