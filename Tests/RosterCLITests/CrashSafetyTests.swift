import Foundation
import RosterTestSupport
import Testing

/// Issue 9, point 4: `kill -9` of a running `roster apply` (Uyuni and cloud sandboxes in-process,
/// each with a state file) at a seeded random moment, while Uyuni's latency slows it down; the
/// journal is whole lines up to its last (at most the last one cut short), and a re-run converges
/// to the same end state as a run that was never killed.
///
/// `ROSTER_CRASH_PEOPLE` and `ROSTER_CRASH_SEED` set the size and the moment (`scripts/faults.sh`).
@Suite(.serialized, .tags(.slow)) struct CrashSafetyTests {
    static var people: Int { ProcessInfo.processInfo.environment["ROSTER_CRASH_PEOPLE"].flatMap(Int.init) ?? 40 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["ROSTER_CRASH_SEED"].flatMap(UInt64.init) ?? 9 }

    static func config(people: Int) -> String {
        var text = """
            version: 1
            backends:
              uyuni: {type: uyuni, url: sandbox, seed: seed.yaml, state: state/uyuni.json, username: admin, password: sandbox-admin, protect: [admin]}
              cloud: {type: cloud, url: sandbox, state: state/cloud.json, email: admin@example.com, password: sandbox-admin, protect: [admin@example.com]}
            resources:
              uyuni: {system_groups: {web: {description: Web servers}}}
            people:

            """
        for i in 0..<people {
            let name = String(format: "c%04d", i)
            text += "  \(name): {first_name: Crash, last_name: N\(i), email: \(name)@example.com, password: Pw-\(name)-1, "
            let cloud = i % 2 == 0 ? ", cloud: {priority: \(i % 5 + 1)}" : ""
            text += "accounts: {uyuni: {roles: [channel_admin], system_groups: [web]}\(cloud)}}\n"
        }
        return text
    }

    /// The seed: the default admin, and 40 ms on every request so the apply takes a while.
    static let seedFile = """
        users:
          - {login: admin, password: sandbox-admin, email: admin@example.com, roles: [org_admin, satellite_admin]}
        faults: {latency: 40ms}
        """

    static func folder(people: Int) -> TempFolder {
        let folder = TempFolder()
        folder.write("roster.yaml", config(people: people))
        folder.write("seed.yaml", seedFile)
        return folder
    }

    @Test func killedApplyLeavesAReadableJournalAndAReRunConverges() async throws {
        let n = Self.people
        var generator = SeededGenerator(seed: Self.seed)
        let delay = Double.random(in: 0.8...(0.8 + Double(n) * 0.04), using: &generator)
        let killed = Self.folder(people: n)
        let journal = killed.path + "/journal.jsonl"
        let config = killed.path + "/roster.yaml"
        let status = try await onOwnThread {
            try RosterBinary.runBlocking(["apply", "-c", config, "--yes", "--parallelism", "2", "--journal", journal],
                                         signal: (SIGKILL, after: delay)).status
        }
        #expect(status == SIGKILL, "roster ended before the kill (status \(status)); make it slower")

        // Whole lines, each valid JSON; at most the last one cut short by the kill.
        let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() } else if !lines.isEmpty { lines.removeLast() }  // a cut last line
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
        let journaled = lines.count

        let rerun = try await RosterBinary.run(["apply", "-c", killed.path + "/roster.yaml", "--yes",
                                                "--journal", journal])
        #expect(rerun.status == 0, "\(rerun.all)")
        let plan = try await RosterBinary.run(["plan", "-c", killed.path + "/roster.yaml", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.all)")

        // The same end state as an apply that was never interrupted.
        let clean = Self.folder(people: n)
        let once = try await RosterBinary.run(["apply", "-c", clean.path + "/roster.yaml", "--yes"])
        #expect(once.status == 0, "\(once.all)")
        let a = try Self.users(killed.path + "/state/uyuni.json"), b = try Self.users(clean.path + "/state/uyuni.json")
        #expect(a == b)
        #expect(a.count == n + 1)
        let c = try Self.cloudUsers(killed.path + "/state/cloud.json"), d = try Self.cloudUsers(clean.path + "/state/cloud.json")
        #expect(c == d)
        #expect(c.count == (n + 1) / 2 + 1)
        print("crash: people=\(n) kill-after=\(String(format: "%.2f", delay))s journal-lines-before-kill=\(journaled) "
              + "rerun-exit=\(rerun.status) plan-after-exit=\(plan.status) same-end-state=\(a == b && c == d)")
    }

    /// Each cloud user's email with its priority, from the emulator's state file.
    static func cloudUsers(_ path: String) throws -> [String: Int] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let users = (root?["state"] as? [String: Any])?["users"] as? [[String: Any]] ?? []
        return Dictionary(users.compactMap { user in (user["email"] as? String).map { ($0, user["priority"] as? Int ?? -1) } },
                          uniquingKeysWith: { a, _ in a + 1000 })  // a duplicate shows as a changed value
    }

    /// Each user's login with its roles and groups, from the emulator's state file.
    static func users(_ path: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let users = (root?["state"] as? [String: Any])?["users"] as? [[String: Any]] ?? []
        var result: [String: String] = [:]
        for user in users {
            guard let login = user["login"] as? String else { continue }
            let roles = (user["roles"] as? [String] ?? []).sorted().joined(separator: ",")
            let groups = (user["assignedGroupIds"] as? [Any] ?? []).count
            result[login] = roles + "|\(groups)"
        }
        return result
    }
}
