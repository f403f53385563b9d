import Foundation
import RosterJSON
@testable import RosterSandbox
import RosterTestSupport
import Testing

/// What a pull-request plan reads, checked on the emulators' request logs: CTERA users are read
/// by name (one `db get-multi` each) instead of the listing, and listed after all when a rail
/// needs every user; a change to a team reads its members. In each case the pull-request plan's
/// actions are the full plan's.
@Suite(.serialized) struct PullRequestReadsTests {
    static let people = 120

    static func cteraConfig(url: String, people: String, safety: String = "") -> String {
        "version: 1\nbackends:\n  portal: {type: ctera, url: \"\(url)\", username: admin, password: sandbox-admin, tenant: acme,"
            + " protect: [admin]\(safety)}\npeople:\n" + people
    }

    static func cteraPerson(_ i: Int, lastName: String? = nil, state: String = "") -> String {
        "  u\(i): {first_name: U, last_name: \"\(lastName ?? "\(i)")\", email: u\(i)@x.example,\(state) accounts: {portal: {}}}\n"
    }

    /// A portal whose team portal holds `people` users, each as `cteraPerson` declares it.
    static func portal() throws -> CteraEmulator {
        let emulator = try CteraEmulator()
        emulator.modifyState { state in
            let acme = state.portals.firstIndex { $0.name == "acme" }!
            for i in 0..<people {
                state.portals[acme].users.append(.init(uid: 9000 + i, name: "u\(i)", email: "u\(i)@x.example", firstName: "U",
                                                       lastName: "\(i)", role: "EndUser", password: "pass-word-1"))
            }
        }
        return emulator
    }

    /// The portal served, and a repository whose committed config declares its users as they are.
    static func committedPortal() async throws -> (CteraEmulator, EmulatorServer, GitRepo, String) {
        let emulator = try portal()
        let server = try await EmulatorServer.start(service: emulator)
        let repo = try GitRepo()
        let file = repo.write("roster.yaml", cteraConfig(url: server.baseURL, people: (0..<people).map { cteraPerson($0) }.joined()))
        try repo.commit()
        return (emulator, server, repo, file)
    }

    /// The full plan and the pull-request plan of the working tree, as JSON, with the requests each sent.
    static func plans(_ file: String, _ log: () -> [String], reset: () -> Void) async throws
        -> (full: RosterBinary.Result, fullRequests: [String], pull: RosterBinary.Result, pullRequests: [String])
    {
        reset()
        let full = try await RosterBinary.run(["plan", "-c", file, "--format", "json"])
        let fullRequests = log()
        reset()
        let pull = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--format", "json"])
        return (full, fullRequests, pull, log())
    }

    @Test func cteraUsersTheChangeTouchesAreReadByName() async throws {
        let (emulator, server, repo, file) = try await Self.committedPortal()
        defer { Task { try? await server.shutdown() } }
        var people = (0..<Self.people).map { Self.cteraPerson($0) }
        people[7] = Self.cteraPerson(7, lastName: "Changed")
        people.append("  newbie: {first_name: New, last_name: Person, email: newbie@x.example, password: Newbie-pass-12, accounts: {portal: {}}}\n")
        repo.write("roster.yaml", Self.cteraConfig(url: server.baseURL, people: people.joined()))

        let (full, fullRequests, pull, pullRequests) = try await Self.plans(file, { emulator.log.operations }, reset: emulator.log.reset)
        #expect(full.status == 0 && pull.status == 0, "\(full.stderr)\(pull.stderr)")
        let expected = PullRequestScaleTests.actions(full.stdout)
        // u7's last name, newbie's creation, the portal's apply-changes.
        #expect(expected.count == 3, "\(full.stdout.prefix(2000))")
        #expect(PullRequestScaleTests.actions(pull.stdout) == expected, "\(pull.stdout.prefix(2000))")
        #expect(fullRequests.filter { $0 == "db query /users" }.count >= 3, "\(fullRequests)")
        #expect(!pullRequests.contains("db query /users"), "\(pullRequests)")
        #expect(pullRequests.filter { $0.hasPrefix("db get-multi") }.count == 2, "\(pullRequests)")
        #expect(emulator.log.mutations.isEmpty)

        // A --target naming a user the change does not touch is read too: one that exists is
        // fine, one that is nowhere an error, as in a full plan.
        let known = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--target", "portal/ctera.user/u5"])
        #expect(known.status == 0, "\(known.all)")
        for base in [[], ["--base", "HEAD"]] {
            let typo = try await RosterBinary.run(["plan", "-c", file, "--target", "portal/ctera.user/u5x"] + base)
            #expect(typo.status == 1 && typo.stderr.contains("names no object"), "\(base) \(typo.all)")
        }
    }

    @Test func aDeleteListsEveryUserForTheRails() async throws {
        let (emulator, server, repo, file) = try await Self.committedPortal()
        defer { Task { try? await server.shutdown() } }
        var people = (0..<Self.people).map { Self.cteraPerson($0) }

        // One user deleted: within the rails, listed all the same (the rail weighs every user).
        people[3] = Self.cteraPerson(3, state: " state: absent,")
        repo.write("roster.yaml", Self.cteraConfig(url: server.baseURL, people: people.joined()))
        var (full, _, pull, pullRequests) = try await Self.plans(file, { emulator.log.operations }, reset: emulator.log.reset)
        #expect(full.status == 0 && pull.status == 0, "\(full.stderr)\(pull.stderr)")
        #expect(PullRequestScaleTests.actions(pull.stdout) == PullRequestScaleTests.actions(full.stdout), "\(pull.stdout.prefix(2000))")
        #expect(pullRequests.contains("db query /users"), "\(pullRequests)")

        // Forty of 121 users deleted: over a quarter, so both plans are refused by the same rail,
        // which only the whole listing can tell (the change names 40 users, not 121).
        for i in 0..<40 { people[i] = Self.cteraPerson(i, state: " state: absent,") }
        repo.write("roster.yaml", Self.cteraConfig(url: server.baseURL, people: people.joined(), safety: ", safety: {max_deletes: 100}"))
        (full, _, pull, pullRequests) = try await Self.plans(file, { emulator.log.operations }, reset: emulator.log.reset)
        #expect(full.status == 3 && pull.status == full.status, "\(full.all)\n\(pull.all)")
        #expect(full.stderr.contains("safety rail 'max-delete-fraction'") && full.stderr.contains("40 of 121"), "\(full.stderr)")
        #expect(pull.stderr.contains("safety rail 'max-delete-fraction'") && pull.stderr.contains("40 of 121"), "\(pull.stderr)")
        #expect(pullRequests.contains("db query /users"), "\(pullRequests)")
        #expect(emulator.log.mutations.isEmpty)
    }

    @Test func aTeamChangeReadsItsMembers() async throws {
        let repo = try GitRepo()
        let (emulator, service) = try await Sandbox.start(type: "uyuni")
        defer { Task { try? await emulator.shutdown() } }
        func config(_ roles: String) -> String {
            """
            version: 1
            backends:
              u: {type: uyuni, url: "\(emulator.baseURL)", username: admin, password: sandbox-admin, protect: [admin]}
            teams:
              ops: {accounts: {u: {roles: [\(roles)]}}}
              oncall: {include: [ops]}
            people:
              alice: {first_name: Alice, last_name: A, email: alice@example.com, password: Alice-pass-123, teams: [ops], accounts: {u: {}}}
              bobby: {first_name: Bob, last_name: B, email: bob@example.com, password: Bob-pass-1234, accounts: {u: {}}}
              carol: {first_name: Carol, last_name: C, email: carol@example.com, password: Carol-pass-123, teams: [{team: oncall}], accounts: {u: {}}}

            """
        }
        let file = repo.write("roster.yaml", config("channel_admin"))
        try repo.commit()
        let applied = try await RosterBinary.run(["apply", "-c", file, "--yes"])
        #expect(applied.status == 0, "\(applied.all)")

        repo.write("roster.yaml", config("channel_admin, config_admin"))
        let log = (service as? UyuniEmulator)!.log
        let (full, _, pull, _) = try await Self.plans(file, { log.entries.map { _ in "" } }, reset: log.reset)
        #expect(full.status == 0 && pull.status == 0, "\(full.stderr)\(pull.stderr)")
        let expected = PullRequestScaleTests.actions(full.stdout)
        // config_admin for alice (in ops) and carol (in oncall, which includes ops); not bobby.
        #expect(expected.count == 2, "\(full.stdout.prefix(2000))")
        #expect(PullRequestScaleTests.actions(pull.stdout) == expected, "\(pull.stdout.prefix(2000))")
        let document = JSONValue.parse(Array(pull.stdout.utf8))
        #expect(document?["unchanged_people"]?.int == 1, "\(pull.stdout.prefix(500))")
    }

    /// A person disabled, and one offboarded, in a pull request: the same steps, with the same
    /// reasons, as the full plan, where the backend prunes.
    @Test func disablingAndOffboardingAreTheFullPlansSteps() async throws {
        let repo = try GitRepo()
        let (emulator, _) = try await Sandbox.start(type: "uyuni")
        defer { Task { try? await emulator.shutdown() } }
        func config(_ bobby: String, _ carol: String) -> String {
            """
            version: 1
            backends:
              u: {type: uyuni, url: "\(emulator.baseURL)", username: admin, password: sandbox-admin, protect: [admin], prune: all}
            people:
              alice: {first_name: Alice, last_name: A, email: alice@example.com, password: Alice-pass-123, accounts: {u: {roles: [org_admin]}}}
              bobby: {first_name: Bob, last_name: B, email: bob@example.com, password: Bob-pass-1234,\(bobby) accounts: {u: {roles: [channel_admin]}}}
              carol: {first_name: Carol, last_name: C, email: carol@example.com, password: Carol-pass-123,\(carol) accounts: {u: {roles: [channel_admin]}}}

            """
        }
        let file = repo.write("roster.yaml", config("", ""))
        try repo.commit()
        let applied = try await RosterBinary.run(["apply", "-c", file, "--yes"])
        #expect(applied.status == 0, "\(applied.all)")

        repo.write("roster.yaml", config(" state: disabled,", " state: absent,"))
        let full = try await RosterBinary.run(["plan", "-c", file, "--format", "json"])
        let pull = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--format", "json"])
        #expect(full.status == 0 && pull.status == 0, "\(full.stderr)\(pull.stderr)")
        let expected = PullRequestScaleTests.actions(full.stdout)
        // bobby's lock (`user.disable`), carol's role and then her user, with their reasons.
        #expect(expected.contains { $0["operation"]?.string == "update" && $0["owner"]?.string == "bobby" }, "\(full.stdout.prefix(3000))")
        #expect(expected.contains { $0["reason"]?.string == "state: absent" }, "\(full.stdout.prefix(3000))")
        #expect(expected.contains { $0["operation"]?.string == "delete" && $0["owner"]?.string == "carol" }, "\(full.stdout.prefix(3000))")
        #expect(PullRequestScaleTests.actions(pull.stdout) == expected, "\(pull.stdout.prefix(3000))")
    }
}
