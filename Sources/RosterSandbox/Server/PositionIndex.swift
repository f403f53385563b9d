import Synchronization

/// Positions of an emulator's records by a key (a login, an email), built on the first lookup so
/// that large seeded states answer in constant time. A state replaces its index with a new, empty
/// one whenever the records change (`didSet`), so an index never outlives the array it describes.
/// It takes no part in a state's equality, hash or encoding.
final class PositionIndex: Sendable, Hashable {
    private let table = Mutex<[String: Int]?>(nil)

    init() {}

    /// The position of the first record whose key is `key`; `keys` lists every record's key in order.
    func position(of key: String, keys: () -> [String]) -> Int? {
        table.withLock { table in
            if table == nil {
                let all = keys()
                var built: [String: Int] = [:]
                built.reserveCapacity(all.count)
                for (i, k) in all.enumerated() where built[k] == nil { built[k] = i }
                table = built
            }
            return table![key]
        }
    }

    static func == (a: PositionIndex, b: PositionIndex) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
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
