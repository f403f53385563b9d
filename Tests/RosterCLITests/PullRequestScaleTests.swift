import Foundation
import RosterJSON
import RosterSandbox
import RosterTestSupport
import Testing

/// `roster plan --base` reads only what the change touches: on 5,000 Uyuni people with five of
/// them changed, it finds exactly the full plan's changes with a few dozen requests instead of two
/// per person. Requests are counted; nothing is timed.
@Suite(.serialized, .tags(.slow)) struct PullRequestScaleTests {
    static let people = 5_000

    static func login(_ i: Int) -> String { String(format: "p%05d", i) }

    static func seed() -> UyuniSeed {
        var seed = UyuniSeed.default
        for i in 0..<people {
            seed.users.append(.init(login: login(i), password: "Person-pass-1", firstName: "Person", lastName: "N\(i)",
                                    email: "\(login(i))@example.com", roles: ["channel_admin"]))
        }
        return seed
    }

    static func person(_ i: Int, lastName: String? = nil, email: String? = nil, roles: String = "[channel_admin]",
                       state: String = "") -> String {
        "  \(login(i)): {first_name: Person, last_name: \(lastName ?? "N\(i)"), email: \(email ?? "\(login(i))@example.com"),"
            + "\(state) accounts: {u: {roles: \(roles)}}}\n"
    }

    static func config(url: String, people: String) -> String {
        "version: 1\nbackends:\n  u: {type: uyuni, url: \"\(url)\", username: admin, password: sandbox-admin, protect: [admin]}\npeople:\n"
            + people
    }

    /// The actions of a JSON plan, without their order.
    static func actions(_ json: String) -> Set<JSONValue> {
        Set(JSONValue.parse(Array(json.utf8))?["actions"]?.array?.map { action -> JSONValue in
            var object = action.object ?? [:]
            for key in ["index", "depends_on", "runs_after", "source"] { object[key] = nil }
            return .object(object)
        } ?? [])
    }

    @Test func fiveChangedPeopleOfFiveThousandAreTheFullPlansChanges() async throws {
        let emulator = try UyuniEmulator(seed: Self.seed())
        let server = try await EmulatorServer.start(service: emulator)
        defer { Task { try? await server.shutdown() } }
        let repo = try GitRepo()
        let base = (0..<Self.people).map { Self.person($0) }
        let file = repo.write("roster.yaml", Self.config(url: server.baseURL, people: base.joined()))
        try repo.commit()

        var changed = base
        changed[10] = Self.person(10, email: "moved@example.org")
        changed[20] = Self.person(20, lastName: "Renamed")
        changed[30] = Self.person(30, state: " state: absent,")
        changed[40] = Self.person(40, roles: "[channel_admin, config_admin]")
        changed.append("  newbie: {first_name: New, last_name: Person, email: newbie@example.com, password: Newbie-pass-12, accounts: {u: {}}}\n")
        repo.write("roster.yaml", Self.config(url: server.baseURL, people: changed.joined()))

        emulator.log.reset()
        let full = try await RosterBinary.run(["plan", "-c", file, "--format", "json"])
        #expect(full.status == 0, "\(full.stderr)")
        let fullRequests = emulator.log.entries.count
        emulator.log.reset()
        let pull = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--format", "json"])
        #expect(pull.status == 0, "\(pull.stderr)")
        let pullRequests = emulator.log.entries.count

        let expected = Self.actions(full.stdout)
        // The absent person's role goes before the user: six actions for five changed people.
        #expect(expected.count == 6, "\(full.stdout.prefix(3000))")
        #expect(Self.actions(pull.stdout) == expected, "\(pull.stdout.prefix(3000))")
        #expect(fullRequests >= 2 * Self.people, "full plan: \(fullRequests) requests")
        #expect(pullRequests <= 20, "pull-request plan: \(pullRequests) requests")
        #expect(emulator.log.mutations.isEmpty)
        let document = JSONValue.parse(Array(pull.stdout.utf8))
        #expect(document?["unchanged_people"]?.int == Self.people - 4)
        #expect(document?["pending_connection_changes"]?.array?.isEmpty == true)
        #expect(document?["base"]?.string == "HEAD")
    }
}
