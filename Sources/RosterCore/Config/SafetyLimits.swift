import RosterYAML

/// A backend's `safety:` mapping: the limits the safety rails hold a plan to.
public struct SafetyLimits: Sendable, Hashable {
    /// `max-deletes`: top-level objects one plan may delete on this backend.
    public var maxDeletes: Int = 10
    /// `max-delete-fraction`: the share of the backend's top-level objects one plan may delete.
    public var maxDeleteFraction: Double = 0.25
    /// The fraction only counts on a backend with more top-level objects than this, so that a
    /// small backend is held by `max_deletes` alone (6 users losing 2 is a third, and fine).
    public var fractionFloor: Int = 20

    public init() {}

    static let keys = ["max_deletes", "max_delete_fraction", "fraction_floor"]

    /// Reads `safety: {max_deletes: 10, max_delete_fraction: 0.25, fraction_floor: 20}`.
    static func read(_ node: YAMLNode, backend: String, reader: ValueReader) -> SafetyLimits {
        var limits = SafetyLimits()
        node.forEachEntry("safety", reader.bag) { key, value, entry in
            switch key {
            case "max_deletes":
                if let n = reader.int(value, "max_deletes", atLeast: 0) { limits.maxDeletes = n }
            case "max_delete_fraction":
                guard value.kind == .scalar, value.isPlain, let text = value.scalar, let f = Double(text),
                      f >= 0, f <= 1 else {
                    reader.bag.error("'max_delete_fraction' must be a number from 0 to 1", at: value.location,
                                     notes: ValueReader.got(value))
                    return
                }
                limits.maxDeleteFraction = f
            case "fraction_floor":
                if let n = reader.int(value, "fraction_floor", atLeast: 0) { limits.fractionFloor = n }
            default:
                reader.bag.unknownKey(key, in: "'safety' of backend '\(backend)'", at: entry.key.location, known: keys)
            }
        }
        return limits
    }
}
