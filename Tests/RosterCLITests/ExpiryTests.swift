import Foundation
import RosterCore
import RosterRuntime
import RosterTestSupport
import Testing

/// `until:` on a person, an account and a team membership, before and after the day.
@Suite struct ExpiryTests {
    static let contractor = """
        teams:
          platform:
            accounts:
              uyuni: {roles: [channel_admin]}
        people:
          cdoext:
            until: 2027-03-31
            teams: [{team: platform, until: 2027-02-28}]
            accounts:
              uyuni: {roles: [image_admin]}
          ewing:
            accounts:
              uyuni: {until: 2027-01-15}
        """

    @Test func everythingHoldsThroughItsDay() {
        let loaded = TeamMergeTests.load(Self.contractor, today: "2027-01-15")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("cdoext")?.attributes["enabled"] == .bool(true))
        #expect(loaded.has("uyuni.role", "cdoext", "channel_admin"))
        #expect(loaded.user("ewing") != nil)
        #expect(loaded.state?.absent.isEmpty == true)
    }

    @Test func anExpiredAccountIsRemoved() {
        let loaded = TeamMergeTests.load(Self.contractor, today: "2027-01-16")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("ewing") == nil)
        #expect(loaded.state?.absent[ResourceID(backend: "uyuni", kind: "uyuni.user", key: ["ewing"])] != nil)
    }

    @Test func anExpiredMembershipTakesItsGrantsAway() {
        let loaded = TeamMergeTests.load(Self.contractor, today: "2027-03-01")
        #expect(loaded.diagnostics.isEmpty)
        #expect(!loaded.has("uyuni.role", "cdoext", "channel_admin"))
        #expect(loaded.has("uyuni.role", "cdoext", "image_admin"))
        // The roles are still listed completely, so the team's role is deleted from the live user.
        #expect(loaded.state?.scopes.contains(.init(kind: "uyuni.role", keyPrefix: ["cdoext"])) == true)
        #expect(loaded.user("cdoext")?.attributes["enabled"] == .bool(true))
    }

    @Test func anExpiredPersonIsDisabled() {
        let loaded = TeamMergeTests.load(Self.contractor, today: "2027-04-01")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("cdoext")?.attributes["enabled"] == .bool(false))
    }

    @Test func expireToAbsentRemovesTheExpiredPerson() {
        let body = "expire_to: absent\n" + Self.contractor
        let loaded = TeamMergeTests.load(body, today: "2027-04-01")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.user("cdoext") == nil)
        #expect(loaded.state?.absent[ResourceID(backend: "uyuni", kind: "uyuni.user", key: ["cdoext"])] != nil)
        let before = TeamMergeTests.load(body, today: "2027-03-31")
        #expect(before.user("cdoext")?.attributes["enabled"] == .bool(true))
    }

    @Test func aPersonsOwnExpireToWins() {
        let body = Self.contractor.replacingOccurrences(of: "    until: 2027-03-31\n",
                                                        with: "    until: 2027-03-31\n    expire_to: absent\n")
        let loaded = TeamMergeTests.load(body, today: "2027-04-01")
        #expect(loaded.user("cdoext") == nil)
    }

    @Test func aBadDateIsAnErrorAtIt() {
        let loaded = TeamMergeTests.load("people:\n  cdoext: {until: 2027-02-30}\n")
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.location?.description == loaded.place("2027-02-30"))
    }

    func warnings(_ body: String, today: String, within days: Int?, expired: Bool) throws -> [Diagnostic] {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", TeamMergeTests.head + body)
        let loader = ConfigLoader(registry: Roster.registry, environment: [:])
        let config = try loader.load(path: file)
        return loader.expiryWarnings(of: config, today: CalendarDay(today)!, within: days, expired: expired)
    }

    @Test func planWarnsAboutGrantsEndingWithinTheWindow() throws {
        // 2027-01-15 is in 10 days, 2027-02-28 in 54, 2027-03-31 in 85.
        let soon = try warnings(Self.contractor, today: "2027-01-05", within: 14, expired: false)
        #expect(soon.map(\.message) == ["the account of 'ewing' on 'uyuni' ends on 2027-01-15 (in 10 days)"])
        #expect(soon.allSatisfy { $0.severity == .warning })
        #expect(try warnings(Self.contractor, today: "2027-01-05", within: 9, expired: false).isEmpty)
        let wide = try warnings(Self.contractor, today: "2027-01-05", within: 60, expired: false)
        #expect(wide.count == 2)
        // Ended grants are not "ending".
        #expect(try warnings(Self.contractor, today: "2027-01-16", within: 14, expired: false).isEmpty)
    }

    @Test func validateListsWhatHasEnded() throws {
        let ended = try warnings(Self.contractor, today: "2027-03-01", within: nil, expired: true)
        #expect(ended.map(\.message) == [
            "the membership of 'cdoext' in team 'platform' ended on 2027-02-28; remove it from the config",
            "the account of 'ewing' on 'uyuni' ended on 2027-01-15; remove it from the config",
        ])
    }

    @Test func todayFollowsTheConfigsTimeZone() {
        // 2027-01-01 23:30 UTC is already 2027-01-02 in Zurich.
        let instant = Date(timeIntervalSince1970: 1_798_846_200)
        #expect(CalendarDay.today(now: instant).description == "2027-01-01")
        #expect(CalendarDay.today(in: TimeZone(identifier: "Europe/Zurich"), now: instant).description == "2027-01-02")
    }
}
