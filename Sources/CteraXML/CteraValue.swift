/// A value of CTERA's XML object model (`<val>`, `<list>`, `<obj>`), with null kept apart from the
/// empty string: an empty `<att id="x"/>` is `.null`, `<att id="x"><val/></att>` is `.text("")`.
///
/// Text is kept as text. Readers decode it by schema (`int`, `bool`, `string`) instead of guessing a
/// type from its look, as the vendor's Python SDK does.
public enum CteraValue: Sendable, Hashable {
    case null
    case text(String)
    case list([CteraValue])
    case object(CteraObject)

    /// The text of a `<val>`; nil for null and for structured values.
    public var string: String? { if case .text(let s) = self { s } else { nil } }

    /// A decimal integer (an optional `-` and ASCII digits); nil for anything else.
    public var int: Int? {
        guard case .text(let s) = self else { return nil }
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(s)
    }

    /// `true` or `false`, exactly as the portal writes them.
    public var bool: Bool? {
        switch self {
        case .text("true"): true
        case .text("false"): false
        default: nil
        }
    }

    public var list: [CteraValue]? { if case .list(let l) = self { l } else { nil } }
    public var object: CteraObject? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { self == .null }

    public static func int(_ value: Int) -> CteraValue { .text(String(value)) }
    public static func bool(_ value: Bool) -> CteraValue { .text(value ? "true" : "false") }
    /// A string, or null when there is none.
    public static func optional(_ value: String?) -> CteraValue { value.map(CteraValue.text) ?? .null }
}

/// An `<obj>`: an optional class name and its attributes in the order they came.
public struct CteraObject: Sendable, Hashable {
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: CteraValue
        public init(_ name: String, _ value: CteraValue) {
            self.name = name
            self.value = value
        }
    }

    public var className: String?
    public var uuid: String?
    public var attributes: [Attribute]

    public init(_ className: String? = nil, uuid: String? = nil, _ attributes: [Attribute] = []) {
        self.className = className
        self.uuid = uuid
        self.attributes = attributes
    }

    /// Builds an object from name/value pairs, keeping their order.
    public init(_ className: String? = nil, _ pairs: KeyValuePairs<String, CteraValue>) {
        self.init(className, pairs.map { Attribute($0.key, $0.value) })
    }

    /// The attribute's value; setting replaces it in place or appends it.
    public subscript(name: String) -> CteraValue? {
        get { attributes.first { $0.name == name }?.value }
        set {
            if let i = attributes.firstIndex(where: { $0.name == name }) {
                if let newValue { attributes[i].value = newValue } else { attributes.remove(at: i) }
            } else if let newValue {
                attributes.append(Attribute(name, newValue))
            }
        }
    }

    public var names: [String] { attributes.map(\.name) }

    public func string(_ name: String) -> String? { self[name]?.string }
    public func int(_ name: String) -> Int? { self[name]?.int }
    public func bool(_ name: String) -> Bool? { self[name]?.bool }
    public func list(_ name: String) -> [CteraValue]? { self[name]?.list }
    public func object(_ name: String) -> CteraObject? { self[name]?.object }
}
