import Foundation
@testable import RosterSandbox

/// The Uyuni entry of the conformance suite; it reads its emulator's state file as the emulator wrote it.
extension ConformanceBackend {
    static let uyuni = ConformanceBackend(
        type: "uyuni",
        block: "username: admin\n    password: sandbox-admin\n    protect: [admin]",
        seed: """
            org: {id: 1, name: Conformance, create_default_system_group: false}
            password_policy: {min_length: 5, max_length: 32}
            users:
              - {login: admin, password: sandbox-admin, first_name: Sandbox, last_name: Admin, email: admin@example.com,
                 roles: [satellite_admin, org_admin]}
              - {login: bsmith, password: Bob-pass-123, first_name: Bob, last_name: Smith, email: bob@example.com,
                 roles: [channel_admin], read_only: true}
              - {login: olduser, password: Old-pass-123, first_name: Old, last_name: User, email: old@example.com}
            """,
        key: "bsmith", sameKeySpellings: ["BSmith", "BSMITH"],
        account: { key, value in "{login: \(key), errata_notifications: \(value)}" },
        managed: ("errata_notification", "true", "false"),
        omitted: ("read_only", "true"),
        child: "role channel_admin",
        canRename: false, renamed: "robsmith",
        locksDisabled: true,
        isLocked: { $0.attributes["enabled"] == "false" },
        read: { path in
            try UyuniStateFile.load(path).users.map { user in
                HeldAccount(key: user.login, id: String(user.id),
                            attributes: ["enabled": "\(user.enabled)", "read_only": "\(user.readOnly)",
                                         "errata_notification": "\(user.errataNotification)",
                                         "first_name": user.firstName],
                            children: user.roles.map { "role \($0)" })
            }
        },
        lockout: LockoutProbe(
            // Uyuni has no credential besides the password: sessions are the emulator's memory, not
            // its state file, and `user.disable` purges them (UyuniAuthTests shows it on the wire).
            declared: "",
            signsIn: { path, login, password in
                (try? UyuniStateFile.load(path).signIn(login: login, password: password)) != nil
            },
            workingCredentials: { _, _ in [] },
            traces: { path, id in
                var found: [String] = []
                for user in try UyuniStateFile.load(path).users where String(user.id) == id {
                    found.append("user \(user.login)")
                    found += user.roles.map { "role \($0)" }
                    found += user.assignedGroupIds.map { "assigned group \($0)" }
                    found += user.defaultGroupIds.map { "default group \($0)" }
                }
                return found
            },
            steps: ["enabled: true → false"]))
}
