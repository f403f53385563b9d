import RosterCore

/// The keys of an ActiveLogic account, declared once: the config reads them, the schema and
/// docs/backends/activelogic.md show them, `roster import` writes them.
extension ActiveLogicProvider {
    public static let accountKeys = AccountKeyTable(type: "activelogic", schemaName: "activeLogicAccount", [
        AccountKey("name", .string, sets: "name", doc: "The user name. Defaults to the person's handle."),
        AccountKey("password", .secret, sets: "password", doc: "Overrides the person's password on this backend."),
        mask("readbm", "The read permission mask."),
        mask("writebm", "The write permission mask."),
        mask("lviewbm", "The live-view permission mask."),
        AccountKey("timeout", .integer(minimum: 0), sets: "timeout", default: 0, doc: "Inactivity timeout in seconds."),
        AccountKey("hosts", .stringList, sets: "hosts", default: .set([]), complete: true,
                   doc: "The complete list of addresses or CIDR networks the user may connect from."),
        AccountKey("ssh_keys", .stringList, complete: true,
                   doc: "The complete list of the user's SSH public keys: .pub lines or their base64 bodies."),
    ])

    private static func mask(_ name: String, _ doc: String) -> AccountKey {
        AccountKey(name, .other("mask: integer, \"0xff\" or all"), sets: name, default: 0, schemaReference: "activeLogicMask",
                   doc: doc)
    }
}
