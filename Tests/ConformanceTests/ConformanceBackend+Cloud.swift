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
              - {email: bob@example.com, password: Bob-pass-1, first_name: Bob, last_name: Smith, priority: 3,
                 company_id: 7, api_keys: [{label: ci, priority: 2}]}
              - {email: old@example.com, password: Old-pass-1, first_name: Old, last_name: User}
            """,
        key: "bob@example.com", sameKeySpellings: ["Bob@Example.COM"],
        account: { key, value in "{email: \"\(key)\", company_id: \(value)}" },
        managed: ("company_id", "7", "8"),
        omitted: ("priority", "3"),
        child: "api key ci",
        canRename: true, renamed: "robert@example.com",
        locksDisabled: false,
        isLocked: { _ in false },
        read: { path in
            let state = try CloudStateFile.load(path)
            return state.users.map { user in
                HeldAccount(key: user.email, id: String(user.id),
                            attributes: ["priority": String(user.priority),
                                         "company_id": user.companyID.map(String.init) ?? "", "first_name": user.firstName],
                            children: state.tokens.filter { $0.userID == user.id && $0.isAPIKey && !$0.isRevoked }
                                .map { "api key \($0.label)" })
            }
        })
}
