/// A piece of a config being written by `roster import`: YAML's scalars and collections, with
/// mappings kept in the order they are built (the order the file shows).
public indirect enum ExportValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    /// Text copied from a plain scalar of a config as it was written (`30`, `sandbox`, `0.25`):
    /// written back unquoted, so it reads as it did.
    case plain(String)
    case list([ExportValue])
    case mapping([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: ExportValue
        public init(_ key: String, _ value: ExportValue) {
            self.key = key
            self.value = value
        }
    }

    public static func strings(_ items: some Sequence<String>) -> ExportValue { .list(items.map(ExportValue.string)) }

    /// A mapping of these entries in this order.
    public static func map(_ entries: [(String, ExportValue)]) -> ExportValue {
        .mapping(entries.map { Entry($0.0, $0.1) })
    }

    public var entries: [Entry]? { if case .mapping(let e) = self { e } else { nil } }

    public subscript(key: String) -> ExportValue? {
        entries?.first { $0.key == key }?.value
    }

    /// Whether this is a scalar (not a list or mapping).
    var isScalar: Bool {
        switch self {
        case .list, .mapping: false
        default: true
        }
    }
}

/// Builds a mapping entry by entry, leaving out what is nil.
public struct ExportMapping: Sendable {
    public private(set) var entries: [ExportValue.Entry] = []

    public init() {}

    public mutating func set(_ key: String, _ value: ExportValue?) {
        guard let value else { return }
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else {
            entries.append(.init(key, value))
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var value: ExportValue { .mapping(entries) }
}
