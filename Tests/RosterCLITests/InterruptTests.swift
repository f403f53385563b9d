import Foundation
import RosterSandbox
import RosterTestSupport
import Testing

/// Issue 19, points 2 and 3: `apply --secrets-out` of the built binary stopped by SIGINT to its
/// process group (Ctrl-C) or by SIGTERM (a cancelled CI job), on cloud (generated passwords, API
/// keys) and CTERA (generated passwords, S3 keys). The emulators run in roster's process with a
/// state file and a latency, and the signal goes once the journal holds some lines: the apply is
/// then under way, whatever the machine's speed. Every account or key the emulator holds afterwards
/// has its secret in the file, and signing in with it works; the journal ends with a whole line; a
/// re-run converges.
@Suite(.serialized, .tags(.slow)) struct InterruptTests {
    static let people = 24

    static func lab(_ backend: String) -> TempFolder {
        let folder = TempFolder()
        var text = "version: 1\nbackends:\n"
        if backend == "cloud" {
            text += "  cloud: {type: cloud, url: sandbox, seed: seed.yaml, state: state.json, email: admin@example.com, "
                + "password: sandbox-admin, protect: [admin@example.com]}\npeople:\n"
            for i in 0..<people {
                text += "  p\(i): {first_name: Pat, last_name: N\(i), email: p\(i)@example.com, "
                    + "accounts: {cloud: {priority: 2, api_keys: {ci: {priority: 1}}}}}\n"
            }
            folder.write("seed.yaml", """
                users:
                  - {email: admin@example.com, password: sandbox-admin, first_name: Sandbox, last_name: Admin, is_admin: true, priority: 10}
                faults: {latency: 30ms}
                """)
        } else {
            text += "  portal: {type: ctera, url: sandbox, seed: seed.yaml, state: state.json, username: admin, "
                + "password: sandbox-admin, tenant: acme, protect: [admin]}\npeople:\n"
            for i in 0..<people {
                text += "  p\(i): {first_name: Pat, last_name: N\(i), email: p\(i)@example.com, accounts: {portal: {s3_keys: 1}}}\n"
            }
            folder.write("seed.yaml", """
                global: {users: [{name: admin, email: admin@example.com, first_name: A, last_name: D, role: ReadWriteAdmin, password: sandbox-admin}]}
                tenants: {acme: {users: []}}
                faults: {latency: 30ms}
                """)
        }
        folder.write("roster.yaml", text)
        return folder
    }

    struct Stopped {
        var status: Int32
        var exited: Bool
        var stderr: String
    }

    /// Starts the apply, waits until the journal holds `lines` lines, sends `signal` (to the process
    /// group with `group`), `times` times, and waits for roster to end.
    static func interrupt(_ folder: String, signal: Int32, group: Bool, times: Int = 1, lines: Int = 5) throws -> Stopped {
        let err = folder + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = RosterBinary.makeProcess(["apply", "-c", folder + "/roster.yaml", "--yes", "--parallelism", "2",
                                                "--secrets-out", folder + "/secrets.json",
                                                "--journal", folder + "/journal.jsonl"], environment: [:], directory: nil)
        process.standardOutput = FileHandle(forWritingAtPath: err)
        process.standardError = FileHandle(forWritingAtPath: err)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        while process.isRunning && journalLines(folder + "/journal.jsonl") < lines { usleep(5_000) }
        #expect(process.isRunning, "the apply ended before the signal; make it slower")
        for _ in 0..<times { kill(group ? -process.processIdentifier : process.processIdentifier, signal) }
        process.waitUntilExit()
        return Stopped(status: process.terminationStatus, exited: process.terminationReason == .exit,
                       stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    static func journalLines(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.count { $0 == UInt8(ascii: "\n") }
    }

    @Test(arguments: [("cloud", SIGINT), ("cloud", SIGTERM), ("ctera", SIGINT), ("ctera", SIGTERM)])
    func interruptedApplyKeepsEverySecret(backend: String, signal: Int32) async throws {
        let lab = Self.lab(backend)
        let folder = lab.path
        let stopped = try await onOwnThread { try Self.interrupt(folder, signal: signal, group: signal == SIGINT) }
        #expect(stopped.exited && stopped.status == 128 + signal, "\(stopped.status): \(stopped.stderr)")
        #expect(stopped.stderr.contains("not started"), "\(stopped.stderr)")

        let journal = try String(contentsOfFile: lab.path + "/journal.jsonl", encoding: .utf8)
        #expect(journal.hasSuffix("\n"), "the journal's last line is cut")
        let entries = journal.split(separator: "\n")
        for line in entries { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }

        let secrets = try Self.secrets(lab.path + "/secrets.json")
        let held = try await Self.check(backend, lab: lab, secrets: secrets)
        #expect(held.accounts < Self.people, "the interrupt stopped nothing: \(held.accounts) accounts")
        #expect(held.accounts > 0)

        let rerun = try await RosterBinary.run(["apply", "-c", lab.path + "/roster.yaml", "--yes",
                                                "--secrets-out", lab.path + "/secrets2.json"])
        #expect(rerun.status == 0, "\(rerun.all)")
        let plan = try await RosterBinary.run(["plan", "-c", lab.path + "/roster.yaml", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.all)")
        let all = secrets.merging(try Self.secrets(lab.path + "/secrets2.json")) { a, _ in a }
        let after = try await Self.check(backend, lab: lab, secrets: all)
        #expect(after.accounts == Self.people)
    }

    /// A second signal exits at once: still whole files, and a re-run converges.
    @Test func secondSignalExitsAtOnce() async throws {
        let lab = Self.lab("cloud")
        let folder = lab.path
        let stopped = try await onOwnThread { try Self.interrupt(folder, signal: SIGINT, group: true, times: 2) }
        #expect(stopped.exited && stopped.status == 130, "\(stopped.status): \(stopped.stderr)")
        let journal = try String(contentsOfFile: lab.path + "/journal.jsonl", encoding: .utf8)
        #expect(journal.hasSuffix("\n"))
        _ = try Self.secrets(lab.path + "/secrets.json")
        let rerun = try await RosterBinary.run(["apply", "-c", lab.path + "/roster.yaml", "--yes",
                                                "--secrets-out", lab.path + "/secrets-rerun.json"])
        #expect(rerun.status == 0, "\(rerun.all)")
    }

    static func secrets(_ path: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String], "not a JSON object")
    }

    /// Every account and key in the emulator's state has its secret in `secrets`, and signs in
    /// with it. Returns how many accounts roster created.
    static func check(_ backend: String, lab: TempFolder, secrets: [String: String]) async throws -> (accounts: Int, keys: Int) {
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: lab.path + "/state.json")))
        let root = try #require((state as? [String: Any])?["state"] as? [String: Any])
        if backend == "cloud" { return try await checkCloud(root, lab: lab, secrets: secrets) }
        return try checkCtera(root, secrets: secrets)
    }

    static func checkCloud(_ root: [String: Any], lab: TempFolder, secrets: [String: String]) async throws -> (accounts: Int, keys: Int) {
        let users = (root["users"] as? [[String: Any]] ?? []).filter { $0["email"] as? String != "admin@example.com" }
        let tokens = root["tokens"] as? [[String: Any]] ?? []
        let service = try Sandbox.makeService(type: "cloud", seedPath: lab.path + "/seed.yaml", statePath: lab.path + "/state.json")
        for user in users {
            let email = try #require(user["email"] as? String)
            let password = try #require(secrets["cloud/cloud.user/\(email)#password"], "no password for \(email)")
            #expect(password == user["password"] as? String)
            let body = try JSONSerialization.data(withJSONObject: ["email": email, "password": password])
            let login = await service.handle(.init(method: "POST", uri: "/api/auth/login",
                                                   headers: [("Content-Type", "application/json")], body: Array(body)))
            #expect(login.status == 200, "\(email) cannot sign in")
        }
        for token in tokens {
            let id = try #require(token["userID"] as? Int ?? token["user_id"] as? Int)
            let email = try #require(users.first { $0["id"] as? Int == id }?["email"] as? String)
            let secret = try #require(secrets["cloud/cloud.api_key/\(email)/ci#token"], "no key for \(email)")
            #expect(secret == token["secret"] as? String)
            let call = await service.handle(.init(method: "GET", uri: "/api/tokens", headers: [("Authorization", "Bearer \(secret)")]))
            #expect(call.status == 200, "the key of \(email) does not sign in")
        }
        return (users.count, tokens.count)
    }

    static func checkCtera(_ root: [String: Any], secrets: [String: String]) throws -> (accounts: Int, keys: Int) {
        let portals = root["portals"] as? [[String: Any]] ?? []
        let acme = try #require(portals.first { $0["name"] as? String == "acme" }, "\(root.keys)")
        let users = acme["users"] as? [[String: Any]] ?? []
        var keys = 0
        for user in users {
            let name = try #require(user["name"] as? String)
            let password = try #require(secrets["portal/ctera.user/\(name)#password"], "no password for \(name)")
            #expect(password == user["password"] as? String)
            for key in user["keys"] as? [[String: Any]] ?? [] {
                let access = try #require(key["accessKey"] as? String)
                #expect(secrets["portal/ctera.s3_credential/\(name)/\(access)#secret_key"] == key["secretKey"] as? String,
                        "no secret for the S3 key \(access) of \(name)")
                keys += 1
            }
        }
        return (users.count, keys)
    }
}
