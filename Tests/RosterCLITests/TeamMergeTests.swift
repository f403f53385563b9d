import Foundation
import RosterCore
import RosterRuntime
import RosterTestSupport
import Testing

/// Teams merged into a person's accounts, resolved by the real Uyuni provider (nothing contacted).
@Suite struct TeamMergeTests {
    static let head = """
        version: 1
        backends:
          uyuni: {type: uyuni, url: sandbox}

        """

    struct Loaded {
        var file: String
        var text: String
        var state: DesiredState?
        var diagnostics: [Diagnostic]

        /// `file:line:col` of the first occurrence of `marker` in the config.
        func place(_ marker: String, after: String? = nil) -> String {
            let start = after.flatMap { text.range(of: $0)?.upperBound } ?? text.startIndex
            let range = text.range(of: marker, range: start..<text.endIndex)!
            let before = text[text.startIndex..<range.lowerBound]
            let line = before.count { $0 == "\n" } + 1
            let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                                         to: before.endIndex) + 1
            return "\(file):\(line):\(column)"
        }

        func has(_ kind: String, _ key: String...) -> Bool {
            state?.resources.contains(ResourceID(backend: "uyuni", kind: kind, key: key)) == true
        }

        func user(_ login: String) -> Resource? {
            state?.resources[ResourceID(backend: "uyuni", kind: "uyuni.user", key: [login])]
        }

        func via(_ kind: String, _ key: String...) -> String? {
            state?.via[ResourceID(backend: "uyuni", kind: kind, key: key)]
        }
    }

    static func load(_ body: String, today: String = "2027-01-01") -> Loaded {
        let folder = TempFolder()
        let text = head + body
        let file = folder.write("roster.yaml", text)
        var loader = ConfigLoader(registry: Roster.registry, environment: [:])
        loader.today = CalendarDay(today)
        do throws(DiagnosticError) {
            let config = try loader.load(path: file)
            return Loaded(file: file, text: text, state: try loader.resolve(config)["uyuni"], diagnostics: [])
        } catch {
            return Loaded(file: file, text: text, state: nil, diagnostics: error.diagnostics)
        }
    }

    static let teams = """
        teams:
          platform:
            accounts:
              uyuni: {roles: [channel_admin], system_groups: [web], read_only: true}
          oncall:
            include: [platform]
            accounts:
              uyuni: {roles: [config_admin]}
          auditors:
            accounts:
              uyuni: {read_only: false}

        """

    @Test func listsAreUnionsAndTheTeamIsNamed() {
        let loaded = Self.load(Self.teams + """
            people:
              asmith:
                teams: [platform]
                accounts:
                  uyuni: {roles: [image_admin], system_groups: [web]}
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.has("uyuni.role", "asmith", "channel_admin"))
        #expect(loaded.has("uyuni.role", "asmith", "image_admin"))
        #expect(loaded.has("uyuni.assigned_group", "asmith", "web"))
        #expect(loaded.via("uyuni.role", "asmith", "channel_admin") == "team platform")
        #expect(loaded.via("uyuni.role", "asmith", "image_admin") == nil)
        // Given by the person too: the person's own.
        #expect(loaded.via("uyuni.assigned_group", "asmith", "web") == nil)
        #expect(loaded.user("asmith")?.attributes["read_only"] == .bool(true))
    }

    @Test func aScalarThePersonSetsWins() {
        let loaded = Self.load(Self.teams + """
            people:
              asmith:
                teams: [platform]
                accounts:
                  uyuni: {read_only: false}
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("asmith")?.attributes["read_only"] == .bool(false))
        #expect(loaded.has("uyuni.role", "asmith", "channel_admin"))
    }

    @Test func twoTeamsThatDisagreeAreAnErrorAtBothPlaces() {
        let loaded = Self.load(Self.teams + """
            people:
              asmith:
                teams: [platform, auditors]
            """)
        #expect(loaded.diagnostics.count == 1)
        let error = loaded.diagnostics.first
        #expect(error?.location?.description == loaded.place("false", after: "auditors:"))
        #expect(error?.message.contains("'platform' and 'auditors'") == true)
        #expect(error?.notes.first?.location?.description == loaded.place("true", after: "platform:"))
    }

    @Test func anIncludedTeamsGrantsComeAlong() {
        let loaded = Self.load(Self.teams + """
            people:
              bjones:
                teams: [oncall]
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.has("uyuni.role", "bjones", "config_admin"))
        #expect(loaded.has("uyuni.role", "bjones", "channel_admin"))
        #expect(loaded.via("uyuni.role", "bjones", "channel_admin") == "team platform")
        // No own account: the account itself comes from the first team that grants it.
        #expect(loaded.via("uyuni.user", "bjones") == "team oncall")
    }

    @Test func anIncludeCycleIsAnErrorNamingIt() {
        let loaded = Self.load("""
            teams:
              alpha: {include: [beta]}
              beta: {include: [gamma]}
              gamma: {include: [alpha]}
            people: {}
            """)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.message.contains("alpha → beta → gamma → alpha") == true)
        #expect(loaded.diagnostics.first?.location?.description == loaded.place("alpha", after: "gamma: {include: ["))
    }

    @Test func anUnknownTeamIsAnErrorAtTheMembership() {
        let loaded = Self.load(Self.teams + """
            people:
              asmith:
                teams: [platfrom]
            """)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.location?.description == loaded.place("platfrom"))
        #expect(loaded.diagnostics.first?.notes.map(\.message) == ["did you mean 'platform'?"])
    }

    @Test func aWrongValueInATeamIsReportedAtTheTeam() {
        let loaded = Self.load("""
            teams:
              platform:
                accounts:
                  uyuni: {read_only: maybe}
            people:
              asmith: {teams: [platform]}
            """)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.location?.description == loaded.place("maybe"))
    }

    @Test func theObjectsOfAMergedAccountKeepThePersonsPlaces() {
        let loaded = Self.load(Self.teams + """
            people:
              asmith:
                teams: [platform]
                accounts:
                  uyuni: {login: asmith01}
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("asmith01")?.location?.description == loaded.place("asmith01"))
    }
}
