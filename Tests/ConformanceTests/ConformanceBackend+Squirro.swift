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
              - {email: bob@example.com, full_name: Bob Smith, role: reader, data: {dept: ops}, password: Bob-pass-123,
                 refresh_token: bob-token}
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
        // Locked: no role in the tenant (the account stays in the system, see SquirroLockout).
        locksDisabled: true,
        isLocked: { $0.attributes["role"] == "" },
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
        },
        lockout: LockoutProbe(
            declared: "",
            // The token endpoint's own checks, for the tenant roster manages and for none named.
            signsIn: { path, key, password in
                let state = try SquirroStateFile.load(path)
                return state.signsIn(email: key, password: password, tenant: "acme")
                    || state.signsIn(email: key, password: password, tenant: nil)
            },
            // Every grant (refresh token, session) of the user that the token endpoint still takes.
            workingCredentials: { path, key in
                let state = try SquirroStateFile.load(path)
                guard let user = state.user(email: key) else { return [] }
                return state.grants.filter { $0.userId == user.id && state.acceptsRefreshToken($0.refreshToken, tenant: nil) }
                    .map { "grant \($0.id)" }
            },
            traces: { path, id in
                let state = try SquirroStateFile.load(path)
                var traces = state.users.filter { $0.id == id }.map { "user \($0.email)" }
                traces += state.workspaces.filter { $0.members[id] != nil }.map { "workspace \($0.domain)" }
                traces += state.groups.filter { $0.memberIds.contains(id) }.map { "group \($0.name)" }
                traces += state.projects.filter { $0.members.contains { $0.memberId == id } }.map { "project \($0.id)" }
                traces += state.grants.filter { $0.userId == id }.map { "grant \($0.id)" }
                traces += state.authentications.filter { $0.userId == id }.map { "authentication \($0.service)" }
                return traces
            },
            steps: ["- squirro.grant bob@example.com/acme/", "- squirro.tenant_role bob@example.com/acme"]))
}
