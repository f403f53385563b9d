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
        locksDisabled: false,
        isLocked: { _ in false },
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
        })
}
