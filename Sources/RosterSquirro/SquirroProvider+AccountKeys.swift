import RosterCore

/// The keys of a Squirro account, declared once: the config reads them, the schema and
/// docs/backends/squirro.md show them, `roster import` writes them.
extension SquirroProvider {
    public static let accountKeys = AccountKeyTable(type: "squirro", schemaName: "squirroAccount", [
        AccountKey("email", .string,
                   doc: "Defaults to the person's email; Squirro users are keyed by it."),
        AccountKey("role", .choice(ServerRole.allCases.map(\.rawValue)), sets: "role", default: "user", read: .table,
                   schemaReference: "squirroRole", doc: "The user's role in the tenant."),
        AccountKey("display_name", .string, sets: displayNameAttribute, read: .table,
                   doc: "The user's 'name' field, set with update_user_data as the SDK's docs show; not the login."),
        AccountKey("data", .other("name: text, integer or boolean"),
                   schema: .map(["type": .string("object"),
                                    "additionalProperties": .map(["type": .strings(["string", "integer", "boolean"])])]),
                   doc: "Custom user data (update_user_data), scalar values."),
        AccountKey("groups", .stringList, complete: true, doc: "The complete list of the user's groups."),
        AccountKey("projects", .choiceMap(ProjectRole.allCases.map(\.rawValue)), complete: true,
                   schemaReference: "squirroProjectRole",
                   doc: "The complete list of the user's project memberships: project id to role."),
        AccountKey("workspaces", .choiceMap(ServerRole.allCases.map(\.rawValue)), complete: true,
                   schemaReference: "squirroRole",
                   doc: "The complete list of the user's roles in other workspaces: domain to role."),
        AccountKey("password", .secret, sets: "password",
                   doc: "Set when the user is created only (Squirro changes a password only with the current one)."),
    ])

    /// `display_name` is the user's `name` field, custom data on the wire.
    static let displayNameAttribute = dataPrefix + "name"
}
