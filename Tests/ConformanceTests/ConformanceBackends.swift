import Foundation
@testable import RosterSandbox

/// The five backends of the suite. Each reads its emulator's state file as the emulator wrote it.
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
        })

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
        })

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
