import Foundation
@testable import RosterSandbox

/// The Ctera entry of the conformance suite; it reads its emulator's state file as the emulator wrote it.
extension ConformanceBackend {
    static let ctera = ConformanceBackend(
        type: "ctera",
        block: "username: admin\n    password: sandbox-admin\n    protect: [admin]",
        seed: """
            global:
              users:
                - {name: admin, password: sandbox-admin, email: admin@example.com, first_name: Portal, last_name: Admin,
                   role: ReadWriteAdmin}
                - {name: "bsm\u{00EF}th", password: Bob-pass-123, email: bob@example.com, first_name: Bob, last_name: Smith,
                   role: ReadOnlyAdmin, company: Labs}
                - {name: olduser, password: Old-pass-123, email: old@example.com, first_name: Old, last_name: User}
            """,
        // The seed spells the name composed; the config writes it decomposed.
        key: "bsm\u{00EF}th", sameKeySpellings: ["bsmi\u{0308}th"],
        account: { key, value in "{name: \"\(key)\", comment: \"\(value)\"}" },
        managed: ("comment", "", "on call"),
        omitted: ("role", "ReadOnlyAdmin"),
        child: "s3 key",
        prepare: "{s3_keys: 1}",
        canRename: true, renamed: "robsmith",
        locksDisabled: true,
        isLocked: { $0.attributes["role"] == "Disabled" },
        read: { path in
            try CteraStateFile.load(path).portals.flatMap(\.users).map { user in
                HeldAccount(key: user.name, id: String(user.uid),
                            attributes: ["role": user.role, "comment": user.comment ?? "", "company": user.company ?? ""],
                            children: user.keys.map { _ in "s3 key" })
            }
        },
        lockout: LockoutProbe(
            // Re-enabling gives back the declared role, so the probe's account declares one.
            declared: "{role: ReadOnlyAdmin, s3_keys: 1}",
            signsIn: { path, name, password in
                let state = try CteraStateFile.load(path)
                return state.portalIndex("").flatMap { state.signIn(portal: $0, name: name, password: password) } != nil
            },
            workingCredentials: { path, name in
                let state = try CteraStateFile.load(path)
                var working: [String] = []
                for portal in state.portals {
                    for user in portal.users where user.name == name {
                        for key in user.keys where state.acceptsS3Key(accessKey: key.accessKey, secretKey: key.secretKey) {
                            working.append("s3 key \(key.accessKey)")
                        }
                    }
                }
                return working
            },
            traces: { path, id in
                let portals = try CteraStateFile.load(path).portals
                let users: [CteraState.User] = portals.flatMap { portal in
                    portal.users + portal.domains.flatMap { $0.users }
                }
                var found: [String] = []
                for user in users where String(user.uid) == id {
                    found.append("user \(user.name)")
                    found += user.keys.map { "s3 key \($0.accessKey)" }
                }
                return found
            },
            steps: ["role: \"ReadOnlyAdmin\" → \"Disabled\"", "- ctera.s3_credential"]))
}
