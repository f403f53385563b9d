import Foundation
@testable import RosterSandbox

/// The Squirro entry of the conformance suite; it reads its emulator's state file as the emulator wrote it.
extension ConformanceBackend {
    static let squirro = ConformanceBackend(
        type: "squirro",
        block: "tenant: acme\n    token: sandbox-token\n    protect: [admin@example.com]",
        seed: """
            tenant: acme
            users:
              - {email: admin@example.com, full_name: ACME Admin, role: admin, password: Admin-pass-1,
                 refresh_token: sandbox-token}
              - {email: bob@example.com, full_name: Bob Smith, role: reader, data: {dept: ops}}
              - {email: old@example.com, full_name: Old User, role: user}
            groups:
              - {name: platform, members: [bob@example.com]}
            projects:
              - {id: research, title: Research, members: {bob@example.com: member}}
            """,
        key: "bob@example.com", sameKeySpellings: ["Bob@Example.COM"],
        account: { key, value in "{email: \"\(key)\", data: {dept: \"\(value)\"}}" },
        managed: ("dept", "ops", "research"),
        omitted: ("role", "reader"),
        child: "group platform",
        canRename: true, renamed: "robert@example.com",
        locksDisabled: false,
        isLocked: { _ in false },
        resources: "groups: [platform]",
        read: { path in
            let state = try SquirroStateFile.load(path)
            return state.users.map { user in
                let role = state.workspaces.first { $0.domain == "acme" }?.members[user.id] ?? ""
                var attributes = ["role": role, "full_name": user.fullName]
                if case .string(let dept)? = user.data["dept"] { attributes["dept"] = dept }
                let groups = state.groups.filter { $0.memberIds.contains(user.id) }.map { "group \($0.name)" }
                let projects = state.projects.filter { $0.members.contains { $0.memberId == user.id } }.map { "project \($0.id)" }
                return HeldAccount(key: user.email, id: user.id, attributes: attributes, children: groups + projects)
            }
        })
}
