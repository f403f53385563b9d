import Synchronization

/// Positions of an emulator's records by a key (a login, an email), so that large seeded states
/// answer lookups in constant time. A state replaces its index with a new, empty one whenever the
/// records change (`didSet`), so an index never outlives the array it describes. The table is built
/// only once a few lookups have come without a change in between: a state changed after almost
/// every lookup (a run of creations) is searched instead, without building a table each time.
/// It takes no part in a state's equality, hash or encoding.
final class PositionIndex: Sendable, Hashable {
    /// Lookups answered by a search before the table is built.
    static let buildAfter = 4

    private let state = Mutex<(table: [String: Int]?, lookups: Int)>((nil, 0))

    init() {}

    /// The position of the first record whose key is `key`; `keys` lists every record's key in
    /// order, `search` finds it without the table.
    func position(of key: String, keys: () -> [String], search: () -> Int?) -> Int? {
        let table: [String: Int]? = state.withLock { state in
            if state.table == nil {
                state.lookups += 1
                if state.lookups > Self.buildAfter { state.table = Self.build(keys()) }
            }
            return state.table
        }
        guard let table else { return search() }
        return table[key]
    }

    /// Records that a record with `key` now stands at `position` after every other (an append):
    /// the first record of a key keeps its place.
    func insert(_ key: String, at position: Int) {
        state.withLock { state in
            if state.table != nil, state.table![key] == nil { state.table![key] = position }
        }
    }

    private static func build(_ keys: [String]) -> [String: Int] {
        var built: [String: Int] = [:]
        built.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() where built[k] == nil { built[k] = i }
        return built
    }

    static func == (a: PositionIndex, b: PositionIndex) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

/// Whether two strings are equal ignoring case, as comparing their `fold`ed forms (upper-cased,
/// unless told otherwise) does; without allocating when both are ASCII, where every fold agrees.
func equalIgnoringCase(_ a: String, _ b: String, fold: (String) -> String = { $0.uppercased() }) -> Bool {
    var a = a, b = b
    let ascii: Bool? = a.withUTF8 { x in
        b.withUTF8 { y in
            guard x.count == y.count else { return x.allSatisfy { $0 < 0x80 } && y.allSatisfy { $0 < 0x80 } ? false : nil }
            for i in 0..<x.count {
                let p = x[i], q = y[i]
                if p >= 0x80 || q >= 0x80 { return nil }
                if p == q { continue }
                let lp = p | 0x20, lq = q | 0x20
                if lp != lq || lp < 0x61 || lp > 0x7A { return false }
            }
            return true
        }
    }
    return ascii ?? (fold(a) == fold(b))
}

extension RandomAccessCollection where Index == Int {
    /// The position of the element whose `id` is `id`, in a collection sorted by ascending ids
    /// (records get increasing ids and keep their order); a linear search if it is not sorted.
    func position(ofID id: Int, _ idOf: (Element) -> Int) -> Int? {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if idOf(self[mid]) < id { low = mid + 1 } else { high = mid }
        }
        if low < endIndex, idOf(self[low]) == id { return low }
        return firstIndex { idOf($0) == id }
    }
}
