import Foundation
@testable import RosterSandbox

/// The ActiveLogic entry of the conformance suite; it reads its emulator's state file as the emulator wrote it.
extension ConformanceBackend {
    static let activelogic = ConformanceBackend(
        type: "activelogic",
        block: "username: admin\n    password: sandbox-admin\n    request_timeout: 30",
        seed: """
            users:
              bsmith: {password: Bob-pass-123, readbm: 15, timeout: 900, keys: [AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA]}
              olduser: {password: Old-pass-123}
            """,
        // Names compare exactly (the module compares Python strings): every other spelling is
        // another user, and the plan must agree.
        key: "bsmith", sameKeySpellings: [], otherSpelling: "BSmith",
        account: { key, value in "{name: \(key), writebm: \(value)}" },
        managed: ("writebm", "0", "3"),
        omitted: ("readbm", "15"),
        child: "key AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA",
        canRename: true, renamed: "robsmith",
        locksDisabled: true,
        // Locked: every mask 0 and no key (the password is asked of the module by the lockout probe).
        isLocked: { held in held.attributes["readbm"] == "0" && held.attributes["writebm"] == "0" && held.children.isEmpty },
        read: { path in
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let users = object["users"] as? [[String: Any]] ?? []
            return users.map { user in
                func text(_ name: String) -> String { (user[name]).map { "\($0)" } ?? "" }
                return HeldAccount(key: text("name"), id: text("id"),
                                   attributes: ["readbm": text("readbm"), "writebm": text("writebm"),
                                                "timeout": text("timeout")],
                                   children: (user["keys"] as? [String] ?? []).map { "key \($0)" })
            }
        },
        lockout: LockoutProbe(
            declared: "{ssh_keys: [AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA]}",
            // The module's own `authenticate`, on the state file.
            signsIn: { path, name, password in
                try ActiveLogicModuleProbe.ask(["op": "signs_in", "state": path, "name": name, "password": password]) as? Bool
                    ?? false
            },
            workingCredentials: { path, name in
                (try ActiveLogicModuleProbe.ask(["op": "keys", "state": path, "name": name]) as? [String] ?? []).map { "key \($0)" }
            },
            traces: { path, id in
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let users = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["users"] as? [[String: Any]] ?? []
                return users.filter { "\($0["id"] ?? "")" == id }.flatMap { user in
                    ["user \(user["name"] ?? "")"] + (user["keys"] as? [String] ?? []).map { "key \($0)" }
                }
            },
            steps: ["- activelogic.pubkey bsmith/AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA",
                    "sign_in: \"password\" → \"random password (not kept)\"", "readbm: 0xf → 0"]))
}

/// Asks the sandbox's `activelogic` module (the emulator) about a state file, as a program using
/// the vendor API would: `authenticate`, and the keys `list(UserPubKey)` gives. The request goes on
/// stdin, so no password reaches a process argument.
enum ActiveLogicModuleProbe {
    static let script = """
        import json, sys, activelogic
        request = json.load(sys.stdin)
        users = activelogic.sync_connect("file://" + request["state"], "admin", "sandbox-admin").users()
        if request["op"] == "signs_in":
            try:
                users.authenticate(request["name"], request["password"], "127.0.0.1")
                answer = True
            except activelogic.PLDBError:
                answer = False
        else:
            try:
                answer = [key.key for key in users.list(activelogic.UserPubKey, user=request["name"])]
            except ValueError:
                answer = []
        print(json.dumps(answer))
        """

    static func ask(_ request: [String: String]) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = ActiveLogicSandbox.modulePath ?? ""
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}
