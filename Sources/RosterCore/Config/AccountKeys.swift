/// One key of a backend's account mapping (`people.X.accounts.<backend>.<key>`), declared once:
/// its type, the attribute it sets, its default on create, whether a list is the whole truth, and
/// a one-line doc. The table reads the simple keys itself, reports unknown keys, and is the source
/// of the config schema's account definition, of the backend page's key table and of `roster
/// import`'s attribute-to-key mapping.
public struct AccountKey: Sendable {
    /// What the key takes.
    public enum ValueType: Sendable {
        case string
        /// An integer, no smaller than `minimum` when one is given.
        case integer(minimum: Int?)
        case boolean
        /// A literal, `${env:NAME}` or `${file:PATH}`; never printed.
        case secret
        /// One of these words.
        case choice([String])
        case stringList
        /// A mapping of names to one of these words.
        case choiceMap([String])
        /// Anything else, read by the provider: how the docs name it.
        case other(String)
    }

    /// Who reads the key's value.
    public enum Reader: Sendable {
        /// The table: the value becomes the row's attribute, its place kept.
        case table
        /// The provider's resolve code, which has logic for it.
        case provider
    }

    public let name: String
    public let type: ValueType
    /// The attribute the key sets on the account's main resource; nil when it sets none (it names
    /// the account, or makes other resources).
    public let attribute: String?
    /// The value a new account gets when the key is not given; nil when it has none.
    public let defaultOnCreate: Value?
    /// A list or mapping that is the whole truth: what the config leaves out is removed.
    public let complete: Bool
    public let reader: Reader
    /// The schema's `$defs` entry the key's value refers to, instead of one built from `type`.
    public let schemaReference: String?
    /// The key's schema, for values no `type` describes.
    public let schema: SchemaValue?
    public let doc: String

    public init(_ name: String, _ type: ValueType, sets attribute: String? = nil, default defaultOnCreate: Value? = nil,
                complete: Bool = false, read reader: Reader = .provider, schemaReference: String? = nil,
                schema: SchemaValue? = nil, doc: String) {
        self.name = name
        self.type = type
        self.attribute = attribute
        self.defaultOnCreate = defaultOnCreate
        self.complete = complete
        self.reader = reader
        self.schemaReference = schemaReference
        self.schema = schema
        self.doc = doc
    }

    /// `until`, which every account takes and the config loader reads before the provider.
    public static let until = AccountKey("until", .other("date YYYY-MM-DD"), schemaReference: "date",
                                         doc: "The account's last day; afterwards it is removed (a person's account only).")
}

/// A backend type's account keys, in the order its docs and schema show them.
public struct AccountKeyTable: Sendable {
    /// The backend type (`squirro`), as the unknown-key error names it.
    public let type: String
    /// The name of the account's definition in the config schema's `$defs` (`squirroAccount`).
    public let schemaName: String
    public let keys: [AccountKey]

    public init(type: String, schemaName: String, _ keys: [AccountKey]) {
        self.type = type
        self.schemaName = schemaName
        self.keys = keys
    }

    /// Every key's name, for the "did you mean" of an unknown key.
    public var names: [String] { keys.map(\.name) }

    public subscript(name: String) -> AccountKey? { keys.first { $0.name == name } }

    /// The key that sets `attribute`, for `roster import`, which maps a live attribute back to it.
    public func key(setting attribute: String) -> AccountKey? { keys.first { $0.attribute == attribute } }
}
