import Foundation
@testable import RosterSandbox

/// The Cloud entry of the conformance suite; it reads its emulator's state file as the emulator wrote it.
extension ConformanceBackend {
    static let cloud = ConformanceBackend(
        type: "cloud",
        block: "email: admin@example.com\n    password: sandbox-admin\n    protect: [admin@example.com]",
        seed: """
            users:
              - {email: admin@example.com, password: sandbox-admin, first_name: Sandbox, last_name: Admin, is_admin: true,
                 priority: 10}
              - {email: bob@example.com, password: Bob-pass-123, first_name: Bob, last_name: Smith, priority: 3,
                 company_id: 7, api_keys: [{label: ci, priority: 2}], job_tokens: [{label: nightly}]}
              - {email: old@example.com, password: Old-pass-1, first_name: Old, last_name: User}
            """,
        key: "bob@example.com", sameKeySpellings: ["Bob@Example.COM"],
        account: { key, value in "{email: \"\(key)\", company_id: \(value)}" },
        managed: ("company_id", "7", "8"),
        omitted: ("priority", "3"),
        child: "api key ci",
        canRename: true, renamed: "robert@example.com",
        locksDisabled: true,
        // Locked: no key left, and priority 0 (the lock's mark; no token can be made).
        isLocked: { held in held.attributes["priority"] == "0" && held.children.isEmpty },
        read: { path in
            let state = try CloudStateFile.load(path)
            return state.users.map { user in
                HeldAccount(key: user.email, id: String(user.id),
                            attributes: ["priority": String(user.priority),
                                         "company_id": user.companyID.map(String.init) ?? "", "first_name": user.firstName],
                            children: state.tokens.filter { $0.userID == user.id && $0.isAPIKey && !$0.isRevoked }
                                .map { "api key \($0.label)" })
            }
        },
        lockout: LockoutProbe(
            declared: "{api_keys: [ci]}",
            // The checks `POST login` and every bearer request make.
            signsIn: { path, email, password in
                try CloudStateFile.load(path).signIn(email: email, password: password) != nil
            },
            workingCredentials: { path, email in
                let state = try CloudStateFile.load(path)
                guard let user = state.user(email: email) else { return [] }
                let now = Date().timeIntervalSince1970
                return state.tokens.filter { $0.userID == user.id }.compactMap { token in
                    guard case .accepted = state.check(token: token.secret, now: now) else { return nil }
                    return (token.isAPIKey ? "api key " : "job token ") + token.label
                }
            },
            traces: { path, id in
                let state = try CloudStateFile.load(path)
                return state.users.filter { String($0.id) == id }.map { "user \($0.email)" }
                    + state.tokens.filter { String($0.userID) == id }.map { "token \($0.label)" }
            },
            steps: ["- cloud.api_key bob@example.com/ci", "- cloud.job_token bob@example.com/nightly",
                    "sign_in: \"password\" → \"random password (not kept)\"", "priority: 3 → 0"]))
}
