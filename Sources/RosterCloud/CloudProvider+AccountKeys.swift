import RosterCore

/// The keys of a cloud account, declared once: the config reads them, the schema and
/// docs/backends/cloud.md show them, `roster import` writes them. (Their order is the order an unknown
/// key's "did you mean" looks in.)
extension CloudProvider {
    public static let accountKeys = AccountKeyTable(type: "cloud", schemaName: "cloudAccount", [
        AccountKey("email", .string, doc: "Overrides the person's email; the account's key."),
        AccountKey("password", .secret, sets: "password", doc: "Overrides the person's password on this backend."),
        AccountKey("platform_ids", .stringList, sets: "platform_ids", complete: true, read: .table,
                   doc: "The complete list of platforms the user may use."),
        AccountKey("priority", .integer(minimum: 0), sets: "priority", read: .table,
                   doc: "Caps the priority of the user's tokens and API keys (platform default 2); 0 marks a locked "
                       + "user, so only a disabled person's account has it."),
        AccountKey("company_id", .other("integer or null"), sets: "company_id",
                   schema: .map(["type": .strings(["integer", "null"])]),
                   doc: "The user's company; null clears it."),
        AccountKey("api_keys", .other("list of labels, or label: {priority, duration}"),
                   schema: apiKeysSchema,
                   doc: "API keys by label: a list of labels, or labels with a priority. With prune: all, undeclared keys "
                       + "are revoked."),
        AccountKey("revoke_api_keys", .stringList, doc: "Labels of API keys to revoke, without prune: all."),
        AccountKey("is_admin", .other("false"), schema: .map(["const": .bool(false)]),
                   doc: "Only false: roster never creates or changes admins."),
    ])

    static let apiKeysSchema = SchemaValue.map(["anyOf": .array([
        .map(["type": .string("array"), "items": .map(["type": .string("string")])]),
        .map(["type": .string("object"), "additionalProperties": .map([
            "type": .strings(["object", "null"]),
            "additionalProperties": .bool(false),
            "properties": .map([
                "priority": .map(["type": .string("integer"), "minimum": .int(0)]),
                "duration": .map(["description": .string("Seconds the key lasts, sent as the token API's duration "
                                                             + "when it is created."),
                                     "type": .string("integer"), "minimum": .int(1)]),
            ]),
        ])]),
    ])])
}
