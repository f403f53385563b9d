import RosterCore

/// The keys of a CTERA account, declared once: the config reads them, the schema and
/// docs/backends/ctera.md show them, `roster import` writes them.
extension CteraProvider {
    public static let accountKeys = AccountKeyTable(type: "ctera", schemaName: "cteraAccount", [
        AccountKey("name", .string, doc: "The portal user name; defaults to the person's handle."),
        AccountKey("directory", .string,
                   doc: "A directory domain: the user comes from it and is never created; only the role is managed."),
        AccountKey("role", .choice(CteraRole.allCases.filter { $0 != .disabled }.map(\.rawValue)), sets: "role",
                   default: .string(CteraRole.endUser.rawValue), doc: "The portal role (state: disabled gives Disabled)."),
        AccountKey("company", .string, sets: "company", read: .table, doc: "The user's company, as the portal shows it."),
        AccountKey("comment", .string, sets: "comment", read: .table, doc: "A free comment on the user."),
        AccountKey("password", .secret, sets: "password", doc: "Overrides the person's password on this backend."),
        AccountKey("must_change_password", .other("true, days or a date YYYY-MM-DD"), sets: "password_change_days",
                   schema: .map(["type": .strings(["boolean", "integer", "string"])]),
                   doc: "true (at next login), days after the password is set, or a date YYYY-MM-DD."),
        AccountKey("s3_keys", .integer(minimum: 0),
                   doc: "How many S3 keys the user has, besides revoked ones; new secrets go to --secrets-out only."),
        AccountKey("revoke_s3_keys", .stringList, doc: "Access key ids to delete."),
    ])

    /// The keys a directory user does not take: the directory holds its details.
    static let localOnlyKeys = accountKeys.names.filter { !["name", "directory", "role"].contains($0) }
}
