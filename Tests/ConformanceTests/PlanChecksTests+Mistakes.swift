/// The clean config of `PlanChecksTests` (four sandboxes, the default seeds) and the mistakes made
/// in it.
extension PlanChecksTests {
    static let platform = "0b6f3c52-0000-4000-8000-000000000001"

    static let clean = """
        version: 1
        backends:
          uyuni: {type: uyuni, url: sandbox, state: .roster/uyuni.json, protect: [admin]}
          squirro: {type: squirro, url: sandbox, state: .roster/squirro.json, protect: [admin@example.com]}
          cloud: {type: cloud, url: sandbox, state: .roster/cloud.json, email: admin@example.com,
                  password: sandbox-admin, protect: [admin@example.com]}
          files: {type: ctera, url: sandbox, state: .roster/ctera.json, username: admin, password: sandbox-admin,
                  tenant: acme, protect: [admin]}
        resources:
          uyuni:
            system_groups:
              db: {description: Databases}
          squirro:
            groups: [platform]
            workspaces:
              lab: {title: Lab}
        people:
          asmith:
            first_name: Alice
            last_name: Smith
            email: alice@example.com
            password: Alice-pass-12
            accounts:
              uyuni: {roles: [org_admin], system_groups: [web, db]}
              squirro: {groups: [platform], projects: {research: member}, workspaces: {lab: user}}
              cloud: {platform_ids: ["\(platform)"]}
              files: {role: EndUser}
          bjones:
            first_name: Bob
            last_name: Jones
            email: bob@example.com
            password: Bob-pass-1234
            accounts:
              uyuni: {login: bjones, roles: [channel_admin], default_system_groups: [web]}
              squirro: {role: reader, projects: {support: reader}}
              cloud: {priority: 3}
          dave:
            accounts:
              files: {directory: demo.local, role: EndUser}
        """

    static let mistakes: [Mistake] = [
        Mistake(name: "a Uyuni role typo", find: "roles: [org_admin]", replace: "roles: [⟨e⟩org_admn]",
                message: "role 'org_admn' of 'asmith' is not one 'uyuni' lets roster's login assign",
                hint: "did you mean 'org_admin'?"),
        Mistake(name: "a Uyuni system group typo", find: "system_groups: [web, db]", replace: "system_groups: [⟨e⟩webb, db]",
                message: "system group 'webb' does not exist on 'uyuni'",
                hint: "did you mean 'web'?"),
        Mistake(name: "a Uyuni default system group typo", find: "default_system_groups: [web]",
                replace: "default_system_groups: [⟨e⟩wen]", message: "system group 'wen' does not exist on 'uyuni'",
                hint: "did you mean 'web'?"),
        Mistake(name: "a Uyuni person without an e-mail",
                find: "    email: bob@example.com\n    password: Bob-pass-1234\n    accounts:\n      uyuni: {login: bjones, "
                    + "roles: [channel_admin], default_system_groups: [web]}\n      squirro: {role: reader, projects: "
                    + "{support: reader}}\n      cloud: {priority: 3}",
                replace: "    password: Bob-pass-1234\n    accounts:\n      uyuni: {login: ⟨e⟩bjonesx, "
                    + "roles: [channel_admin], default_system_groups: [web]}\n      squirro: {email: bob@example.com, role: reader, "
                    + "projects: {support: reader}}\n      cloud: {email: bob@example.com, priority: 3}",
                message: "user 'bjonesx' must be created on 'uyuni' but has no email"),
        Mistake(name: "a Uyuni login too short", find: "login: bjones", replace: "login: ⟨e⟩bob",
                message: "Uyuni login 'bob' must be 5 to 63 characters long"),
        Mistake(name: "a Squirro group typo", find: "squirro: {groups: [platform]", replace: "squirro: {groups: [⟨e⟩platfrom]",
                message: "group 'platfrom' does not exist on 'squirro'",
                hint: "did you mean 'platform'?"),
        Mistake(name: "a Squirro project typo", find: "projects: {research: member}", replace: "projects: {⟨e⟩reserch: member}",
                message: "project 'reserch' does not exist on 'squirro'",
                hint: "did you mean 'research'?"),
        Mistake(name: "a Squirro workspace typo", find: "workspaces: {lab: user}", replace: "workspaces: {⟨e⟩labb: user}",
                message: "workspace 'labb' does not exist on 'squirro'",
                hint: "did you mean 'lab'?"),
        Mistake(name: "a Squirro role that is none", find: "role: reader, projects", replace: "role: ⟨e⟩superuser, projects",
                message: "'role' must be one of admin, user, demo, reader, not 'superuser'"),
        Mistake(name: "a cloud admin", find: "cloud: {priority: 3}", replace: "cloud: {priority: 3, is_admin: ⟨e⟩true}",
                message: "roster cannot make 'bjones' an admin on 'cloud'"),
        Mistake(name: "a negative cloud priority", find: "cloud: {priority: 3}", replace: "cloud: {priority: ⟨e⟩-3}",
                message: "'priority' must be 0 or more"),
        Mistake(name: "a cloud platform typo", find: "platform_ids: [\"\(platform)\"]",
                replace: "platform_ids: [⟨e⟩\"0b6f3c52-0000-4000-8000-00000000001\"]",
                message: "platform '0b6f3c52-0000-4000-8000-00000000001' does not exist on 'cloud'",
                hint: "did you mean '\(platform)'?"),
        Mistake(name: "a CTERA directory typo", find: "directory: demo.local", replace: "directory: ⟨e⟩demo.locl",
                message: "directory 'demo.locl' of 'dave' is not one 'files' is connected to"),
        Mistake(name: "a CTERA role typo", find: "files: {role: EndUser}", replace: "files: {role: ⟨e⟩EndUsr}",
                message: "unknown CTERA role 'EndUsr'", hint: "did you mean 'EndUser'?"),
        Mistake(name: "an e-mail without a dotted domain", find: "email: alice@example.com", replace: "email: ⟨e⟩alice@example",
                message: "'alice@example' is not an e-mail address"),
        Mistake(name: "an e-mail with a space", find: "email: bob@example.com", replace: "email: ⟨e⟩bob jones@example.com",
                message: "'bob jones@example.com' is not an e-mail address"),
        Mistake(name: "a duplicate login", find: "login: bjones", replace: "login: ⟨e⟩asmith",
                message: "uyuni.user 'asmith' is declared twice on 'uyuni'"),
        Mistake(name: "an unknown account key", find: "uyuni: {roles: [org_admin], system_groups",
                replace: "uyuni: {roles: [org_admin], ⟨e⟩system_group", message: "unknown key 'system_group'",
                hint: "did you mean 'system_groups'?"),
        Mistake(name: "a wrong type", find: "squirro: {groups: [platform]", replace: "squirro: {groups: ⟨e⟩platform",
                message: "'groups' must be a list of strings"),
        Mistake(name: "an account on a backend that is not declared", find: "      files: {directory",
                replace: "      ⟨e⟩filez: {directory", message: "unknown backend 'filez' in the accounts of 'dave'",
                hint: "did you mean 'files'?"),
    ]
}
