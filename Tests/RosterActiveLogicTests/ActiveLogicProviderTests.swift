import Foundation
import RosterCore
import Testing

/// The ActiveLogic provider end to end, in-process: roster → the shipped provider program → the
/// sandbox's `activelogic` module → its state file. Every step plans exactly the expected actions
/// and converges.
@Suite struct ActiveLogicProviderTests {
    static let key1 = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    static let key2 = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA"

    static func alice(writebm: String = "3", hosts: String = "[10.1.0.0/16, 192.0.2.7]",
                      keys: String? = nil) -> String {
        let keys = keys ?? "[\"ssh-ed25519 \(key1) alice@laptop\", \(key2)]"
        return """
              alice:
                password: alice-initial-1
                accounts:
                  al: {readbm: "0x0f", writebm: \(writebm), lviewbm: all, timeout: 300, hosts: \(hosts), ssh_keys: \(keys)}
            """
    }

    @Test func createChangeAndRemoveAUserConvergeAtEveryStep() async throws {
        let lab = ActiveLogicLab()
        // Create: the user with masks, hosts and two keys (one a whole OpenSSH line).
        let created = try await lab.converge(Self.alice())
        #expect(ActiveLogicLab.lines(created) == [
            "create activelogic.user alice",
            "create activelogic.pubkey alice/\(Self.key2)",
            "create activelogic.pubkey alice/\(Self.key1)",
        ])
        let alice = try #require(try lab.users()["alice"])
        #expect(alice["readbm"] as? Int == 15)
        #expect(alice["writebm"] as? Int == 3)
        #expect(alice["lviewbm"] as? Int == Int(Int64.max))
        #expect(alice["timeout"] as? Int == 300)
        #expect(Set(alice["hosts"] as? [String] ?? []) == ["10.1.0.0/16", "192.0.2.7"])
        #expect(Set(alice["keys"] as? [String] ?? []) == [Self.key1, Self.key2])
        #expect(alice["password"] as? String == "alice-initial-1")
        #expect(try await lab.plan(Self.alice()).isEmpty)

        // Change a mask, drop a key, add a host.
        let changed = Self.alice(writebm: "7", hosts: "[10.1.0.0/16, 192.0.2.7, 198.51.100.0/24]", keys: "[\(Self.key2)]")
        let updated = try await lab.converge(changed)
        #expect(ActiveLogicLab.lines(updated) == [
            "update activelogic.user alice hosts,writebm",
            "delete activelogic.pubkey alice/\(Self.key1)",
        ])
        let after = try #require(try lab.users()["alice"])
        #expect(after["writebm"] as? Int == 7)
        #expect((after["hosts"] as? [String] ?? []).contains("198.51.100.0/24"))
        #expect(after["keys"] as? [String] == [Self.key2])
        #expect(try await lab.plan(changed).isEmpty)

        // state: absent removes each key, then the user.
        let absent = "  alice:\n    state: absent\n    accounts: {al: {}}\n"
        let removed = try await lab.converge(absent)
        #expect(ActiveLogicLab.lines(removed) == ["delete activelogic.pubkey alice/\(Self.key2)", "delete activelogic.user alice"])
        #expect(try lab.users()["alice"] == nil)
        #expect(try await lab.plan(absent).isEmpty)
        try lab.expectMessagesMatchSchema()
    }

    /// A user's keys cost the module a call each: they are read only when some account declares
    /// `ssh_keys`, which the fetch request's `kinds` tells the program.
    @Test func keysAreReadOnlyWhenTheConfigComparesThem() async throws {
        let lab = ActiveLogicLab()
        _ = try await lab.converge(Self.alice())
        func lastFetch() throws -> (request: String, answer: String) {
            let messages = try lab.messages()
            let index = try #require(messages.lastIndex { entry in
                guard entry.direction == "request", case .object(let o) = entry.message else { return false }
                return o["method"] == .string("fetch")
            })
            return ("\(messages[index].message)", "\(messages[index + 1].message)")
        }

        let noKeys = "  alice:\n    accounts:\n      al: {readbm: \"0x0f\", writebm: 3, lviewbm: all, timeout: 300, hosts: [10.1.0.0/16, 192.0.2.7]}\n"
        #expect(try await lab.plan(noKeys).isEmpty)
        let quiet = try lastFetch()
        #expect(quiet.request.contains("activelogic.user") && !quiet.request.contains("activelogic.pubkey"), "\(quiet.request)")
        #expect(!quiet.answer.contains("activelogic.pubkey"), "\(quiet.answer)")

        #expect(try await lab.plan(Self.alice()).isEmpty)
        let keyed = try lastFetch()
        #expect(keyed.request.contains("activelogic.pubkey"), "\(keyed.request)")
        #expect(keyed.answer.contains("activelogic.pubkey"), "\(keyed.answer)")
        try lab.expectMessagesMatchSchema()
    }

    @Test func verifyResetsOnlyThePasswordTheSystemRefuses() async throws {
        let lab = ActiveLogicLab()
        let people = """
              alice:
                password: alice-pass-1
                password_update: verify
                accounts: {al: {readbm: 1, hosts: [10.9.0.0/16]}}
              bob:
                password: bob-pass-1
                password_update: verify
                accounts: {al: {readbm: 1}}
            """
        try await lab.converge(people)
        #expect(try await lab.plan(people).isEmpty)
        // Someone changes bob's password on the system.
        try lab.changeState { users in
            for i in users.indices where users[i]["name"] as? String == "bob" { users[i]["password"] = "changed-by-hand" }
        }
        // The plan checks with `authenticate` and changes nothing: no `apply` is sent, and the
        // system's state (whatever a sign-in could record) is the same bytes afterwards.
        let before = try Data(contentsOf: URL(fileURLWithPath: lab.statePath))
        let sent = try lab.methods().count
        let planned = try await lab.plan(people)
        #expect(ActiveLogicLab.lines(planned) == ["update activelogic.user bob password"])
        let asked = try lab.methods().dropFirst(sent)
        #expect(asked.contains("verify_passwords") && !asked.contains("apply"), "\(asked)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: lab.statePath)) == before)
        let plan = try await lab.converge(people)
        #expect(ActiveLogicLab.lines(plan) == ["update activelogic.user bob password"])
        #expect(try lab.users()["bob"]?["password"] as? String == "bob-pass-1")
        #expect(try await lab.plan(people).isEmpty)
        #expect(try lab.methods().contains("verify_passwords"))
        try lab.expectMessagesMatchSchema()
    }

    @Test func adminIsNeverPlannedForDeletion() async throws {
        let lab = ActiveLogicLab()
        try await lab.converge("  carol:\n    password: carol-pass-1\n    accounts: {al: {}}\n")
        // prune: all with neither admin nor carol in the config: only carol goes.
        let plan = try await lab.plan("  {}\n", prune: "all")
        #expect(ActiveLogicLab.lines(plan) == ["delete activelogic.user carol"])
        // Not even a person named admin with state: absent.
        let absent = try await lab.plan("  admin:\n    state: absent\n    accounts: {al: {}}\n", prune: "all")
        #expect(!ActiveLogicLab.lines(absent).contains { $0.contains("user admin") })
        try await lab.converge("  {}\n", prune: "all")
        #expect(try lab.users()["admin"] != nil)
        #expect(try lab.users()["carol"] == nil)
    }

    @Test func previousNamesRenameTheUserInPlace() async throws {
        let lab = ActiveLogicLab()
        try await lab.converge("  robert:\n    password: bob-pass-1\n    accounts: {al: {readbm: 5, ssh_keys: [\(Self.key2)]}}\n")
        let renamed = """
              bob:
                password: bob-pass-1
                previous_names: [robert]
                accounts: {al: {readbm: 5, ssh_keys: [\(Self.key2)]}}
            """
        let plan = try await lab.converge(renamed)
        #expect(ActiveLogicLab.lines(plan) == ["update activelogic.user bob name"])
        let users = try lab.users()
        #expect(users["robert"] == nil)
        #expect(users["bob"]?["keys"] as? [String] == [Self.key2])
        #expect(users["bob"]?["id"] as? Int == 2)
        #expect(try await lab.plan(renamed).isEmpty)
    }

    @Test func planSendsNoChangeAndPrintsNoSecret() async throws {
        let lab = ActiveLogicLab()
        let canary = "canary-Zq7-secret"
        let plan = try await lab.plan("  dave:\n    password: \(canary)\n    accounts: {al: {readbm: 1}}\n")
        #expect(ActiveLogicLab.lines(plan) == ["create activelogic.user dave"])
        #expect(!(try lab.methods()).contains("apply"))
        #expect(try lab.users()["dave"] == nil)
        let rendered = TextRenderer(color: false).render(plan) + String(decoding: PlanDocument(plan).encoded(), as: UTF8.self)
        #expect(!rendered.contains(canary))
        #expect(!(try String(contentsOfFile: lab.logPath, encoding: .utf8)).contains("sandbox-admin"))
        try lab.expectMessagesMatchSchema()
    }
}
