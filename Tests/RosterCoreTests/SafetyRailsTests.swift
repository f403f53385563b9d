import RosterCore
import Testing
import RosterTestSupport

/// The safety rails over the memory provider: a pure check of a plan against the live state.
@Suite struct SafetyRailsTests {
    /// Plans `people` against a memory backend seeded with `users` (name → admin) and checks the rails.
    static func check(backend: String = "", people: String, users: [String: Bool], login: String? = nil,
                      forced: Set<Rail> = []) async throws -> [RailViolation] {
        let store = MemoryStore()
        for (name, admin) in users { store.seed(PlanTests.id("user", name), ["enabled": true, "admin": .bool(admin)]) }
        let folder = TempFolder()
        let own = login.map { ", login: \($0)" } ?? ""
        let file = folder.write("roster.yaml", """
            version: 1
            backends:
              mem: {type: memory, url: sandbox, prune: all\(own)\(backend)}
            people:
            \(people)
            """)
        let pipeline = Pipeline(registry: ProviderRegistry([MemoryProvider(store: store)]), environment: [:])
        let loaded = try pipeline.load(path: file)
        let session = MemorySession(store: store, backend: "mem", mode: .readOnly)
        let live = try await pipeline.fetch(loaded, sessions: ["mem": session])
        let plan = try pipeline.plan(loaded, live: live)
        return SafetyRails(registry: pipeline.registry).check(plan, live: live, backends: loaded.backends, forced: forced)
    }

    static func users(_ count: Int, admin: Int? = nil) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: (0..<count).map { ("u\($0)", $0 == admin) })
    }

    static func keep(_ names: [String], _ extra: String = "") -> String {
        names.map { "  \($0): {accounts: {mem: {}}}" }.joined(separator: "\n") + extra
    }

    @Test func sixUsersLosingFiveCrossTheAbsoluteLimitNotTheFraction() async throws {
        let violations = try await Self.check(backend: ", safety: {max_deletes: 4}", people: Self.keep(["u0"]),
                                              users: Self.users(6))
        #expect(violations.map(\.rail) == [.maxDeletes])
        let message = try #require(violations.first).description
        #expect(message.contains("'max-deletes' on backend 'mem'"), "\(message)")
        #expect(message.contains("deletes 5 objects, more than the limit of 4"), "\(message)")
        #expect(message.contains("memory.user/u5"), "\(message)")
        // 5 of 6 is far past a quarter, but 6 objects are under the floor: the absolute limit holds them.
        #expect(try await Self.check(people: Self.keep(["u0"]), users: Self.users(6)).isEmpty)
    }

    @Test func theFractionCountsOnlyPastTheFloor() async throws {
        let kept = (0..<22).map { "u\($0)" }
        let violations = try await Self.check(people: Self.keep(kept), users: Self.users(30))
        #expect(violations.map(\.rail) == [.maxDeleteFraction])
        #expect(violations.first?.description.contains("deletes 8 of 30 objects, more than 25%") == true)
        let raisedFloor = try await Self.check(backend: ", safety: {fraction_floor: 30}", people: Self.keep(kept),
                                               users: Self.users(30))
        #expect(raisedFloor.isEmpty)
        let tighter = try await Self.check(backend: ", safety: {max_delete_fraction: 0.5, max_deletes: 7}",
                                           people: Self.keep(kept), users: Self.users(30))
        #expect(tighter.map(\.rail) == [.maxDeletes])
    }

    @Test func disablingOrDeletingTheLastAdministratorIsRefused() async throws {
        let users = ["alice": true, "bob": false]
        let disabled = try await Self.check(people: "  alice: {state: disabled, accounts: {mem: {}}}\n"
                                            + Self.keep(["bob"]), users: users)
        #expect(disabled.map(\.rail) == [.lastAdmin])
        #expect(disabled.first?.description.contains("memory.user/alice") == true)
        let deleted = try await Self.check(people: "  alice: {state: absent, accounts: {mem: {}}}\n"
                                           + Self.keep(["bob"]), users: users)
        #expect(deleted.map(\.rail) == [.lastAdmin])
        // Another administrator stays: nothing to refuse.
        let another = try await Self.check(people: "  alice: {state: disabled, accounts: {mem: {}}}\n"
                                           + Self.keep(["bob"]), users: ["alice": true, "bob": true])
        #expect(another.isEmpty)
    }

    @Test func rosterNeverDeletesOrLocksOutItsOwnLogin() async throws {
        let users = ["alice": true, "roster": false]
        let deleted = try await Self.check(people: Self.keep(["alice"]) + "\n  roster: {state: absent, accounts: {mem: {}}}",
                                           users: users, login: "roster")
        #expect(deleted.map(\.rail) == [.ownLogin])
        #expect(deleted.first?.description.contains("safety rail 'self' on backend 'mem': the plan deletes roster's own login roster") == true)
        let admins = ["alice": true, "roster": true]
        let disabled = try await Self.check(people: Self.keep(["alice"]) + "\n  roster: {state: disabled, accounts: {mem: {}}}",
                                            users: admins, login: "roster")
        #expect(disabled.map(\.rail) == [.ownLogin])
        #expect(disabled.first?.description.contains("demotes or disables") == true)
        let renamed = try await Self.check(people: Self.keep(["alice"]) + "\n  bot: {previous_names: [roster], accounts: {mem: {}}}",
                                           users: admins, login: "roster")
        #expect(renamed.map(\.rail) == [.ownLogin])
        #expect(renamed.first?.description.contains("renames roster's own login roster") == true)
        let untouched = try await Self.check(people: Self.keep(["alice", "roster"]), users: admins, login: "roster")
        #expect(untouched.isEmpty)
    }

    @Test func forcingARailLiftsThatRailOnly() async throws {
        let people = Self.keep(["bob"])
        let users = ["alice": true, "bob": false, "carol": false, "dave": false]
        let all = try await Self.check(backend: ", safety: {max_deletes: 2}", people: people, users: users, login: "alice")
        #expect(Set(all.map(\.rail)) == [.maxDeletes, .lastAdmin, .ownLogin])
        let forced = try await Self.check(backend: ", safety: {max_deletes: 2}", people: people, users: users,
                                          login: "alice", forced: [.maxDeletes])
        #expect(Set(forced.map(\.rail)) == [.lastAdmin, .ownLogin])
        let everything = try await Self.check(backend: ", safety: {max_deletes: 2}", people: people, users: users,
                                              login: "alice", forced: Set(Rail.allCases))
        #expect(everything.isEmpty)
    }

    @Test(arguments: [
        ("{max_deletes: -1}", "'max_deletes' must be 0 or more"),
        ("{max_delete_fraction: 1.5}", "'max_delete_fraction' must be a number from 0 to 1"),
        ("{max_delete_fraction: lots}", "'max_delete_fraction' must be a number from 0 to 1"),
        ("{max_deletess: 3}", "unknown key 'max_deletess' in 'safety' of backend 'mem'"),
        ("[10]", "'safety' must be a mapping"),
    ])
    func badSafetySettingsAreConfigErrors(_ safety: String, _ expected: String) async throws {
        let error = await #expect(throws: DiagnosticError.self) {
            _ = try await Self.check(backend: ", safety: \(safety)", people: Self.keep(["u0"]), users: [:])
        }
        let messages = error?.diagnostics.map(\.message) ?? []
        #expect(messages.contains { $0.contains(expected) }, "\(messages)")
    }
}
