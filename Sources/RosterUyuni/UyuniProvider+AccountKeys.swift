import RosterCore

/// The keys of an Uyuni account, declared once: the config reads them, the schema and
/// docs/backends/uyuni.md show them, `roster import` writes them.
extension UyuniProvider {
    public static let accountKeys = AccountKeyTable(type: "uyuni", schemaName: "uyuniAccount", [
        AccountKey("login", .string, doc: "Defaults to the person's handle. 5-63 ASCII characters."),
        AccountKey("roles", .stringList, complete: true,
                   doc: "The complete list of roles; org_admin implies channel_admin, config_admin, system_group_admin, "
                       + "activation_key_admin and image_admin."),
        AccountKey("system_groups", .stringList, complete: true,
                   doc: "The complete list of system groups the user administers."),
        AccountKey("default_system_groups", .stringList, complete: true,
                   doc: "The complete list of the user's default system groups."),
        AccountKey("read_only", .boolean, sets: "read_only", default: false, read: .table,
                   doc: "A read-only user: may use the API to read, never to change."),
        AccountKey("errata_notifications", .boolean, sets: "errata_notification", default: true, read: .table,
                   doc: "Whether the user gets e-mail about new errata."),
        AccountKey("pam", .boolean, sets: "use_pam", default: false, read: .table,
                   doc: "Authenticate through PAM; no password needed."),
        AccountKey("password", .secret, sets: "password", doc: "Overrides the person's password on this backend."),
    ])
}
