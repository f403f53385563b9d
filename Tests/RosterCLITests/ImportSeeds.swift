/// Seeds for the import round trips: several users, roles and groups, a disabled user, system
/// groups, workspaces and projects, API and SSH keys, and values that only read back right when
/// quoted (`Null`, `"42"`, `: ` and `#`, a group named `2024`). The same people (`bjones`,
/// bob@example.com, Bob Jones) are on every backend, so that importing them all joins them.
enum ImportSeeds {
    static let uyuni = """
        org: {id: 1, name: Import Org, create_default_system_group: false}
        password_policy: {min_length: 5, max_length: 32}
        system_groups:
          - {name: web, description: "Web servers: front # 1"}
          - {name: db, description: Database servers}
          - {name: "2024"}
        users:
          - {login: admin, password: sandbox-admin, first_name: Sandbox, last_name: Admin, email: admin@example.com,
             roles: [satellite_admin, org_admin]}
          - {login: bjones, password: bob-pass-1, first_name: Bob, last_name: Jones, email: bob@example.com,
             roles: [channel_admin, config_admin], system_groups: [web, db], default_system_groups: [web]}
          - {login: carol, password: carol-pass-1, first_name: Carol, last_name: Davis, email: carol@example.com,
             enabled: false}
          - {login: dmiller, password: dave-pass-1, first_name: Dave, last_name: "O'Miller", email: Dave.Miller@Example.com,
             read_only: true, system_groups: ["2024"]}
          - {login: erin.pam, password: erin-pass-1, first_name: Erin, last_name: "Null", email: erin@example.com,
             use_pam: true, roles: [org_admin]}
        """

    static let ctera = """
        global:
          users:
            - {name: admin, password: sandbox-admin, email: admin@example.com, first_name: Portal, last_name: Admin,
               role: ReadWriteAdmin}
            - {name: bjones, password: Bob-pass-123, email: bob@example.com, first_name: Bob, last_name: Jones,
               company: "ACME: Labs", comment: "# not a comment"}
            - {name: carol, password: Carol-pass-123, email: carol@example.com, first_name: Carol, last_name: Davis,
               role: Disabled}
            - {name: auditor, password: Audit-pass-123, email: audit@example.com, first_name: Audit, last_name: "true",
               role: ReadOnlyAdmin}
            - {name: helpdesk, password: Help-pass-123, email: help@example.com, first_name: Help, last_name: Desk,
               role: Support}
        """

    /// Applied before the import: S3 keys that no seed can hold.
    static let cteraKeys = """

          bjones: {first_name: Bob, last_name: Jones, email: bob@example.com, accounts: {ctera: {s3_keys: 2}}}
        """

    static let squirro = """
        tenant: acme
        workspaces: {lab: Lab, ops-2: "Ops: second"}
        users:
          - {email: admin@example.com, full_name: ACME Admin, role: admin, password: Admin-pass-1,
             refresh_token: sandbox-token, workspaces: {lab: admin, ops-2: admin}}
          - {email: bob@example.com, full_name: Bob Jones, role: reader, workspaces: {lab: reader},
             data: {dept: "42", team: Platform}}
          - {email: carol@example.com, full_name: Carol van Dyke, role: user, workspaces: {ops-2: admin}}
          - {email: solo@example.com, full_name: Cher, role: demo}
        groups:
          - {name: platform, members: [admin@example.com, bob@example.com]}
          - {name: analysts}
        projects:
          - id: research
            title: Research
            members: {carol@example.com: member, "group:analysts": reader}
        """

    static let cloud = """
        platforms:
          - {id: 0b6f3c52-0000-4000-8000-000000000001, name: "qpu:belenos"}
          - {id: 0b6f3c52-0000-4000-8000-000000000002, name: "sim:slos"}
        users:
          - {email: admin@example.com, password: sandbox-admin, first_name: Sandbox, last_name: Admin, is_admin: true,
             priority: 10}
          - email: bob@example.com
            password: Bob-pass-1
            first_name: Bob
            last_name: Jones
            priority: 3
            company_id: 7
            platform_ids: [0b6f3c52-0000-4000-8000-000000000001, 0b6f3c52-0000-4000-8000-000000000002]
            api_keys: [{label: ci, priority: 2}, {label: "laptop: old", priority: 1}]
          - {email: kim@example.com, password: Kim-pass-1, first_name: Kim, last_name: Lee}
        """

    static let activelogic = """
        users:
          bjones:
            password: bob-al-pass-1
            readbm: 15
            writebm: 3
            timeout: 900
            hosts: [10.20.0.0/16, 192.0.2.7]
            keys: [AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA]
          monitor: {password: monitor-pass-1, lviewbm: all}
          ops: {password: ops-pass-1, readbm: 1}
        """
}
