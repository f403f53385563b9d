/// Open-addressing hash tables from key text to entry number, for mappings of more than
/// `KeyTable.linearLimit` entries. Smaller mappings are searched linearly.
///
/// The loader needs one anyway to find duplicate keys in a large mapping, so it keeps it for
/// lookups: 4 to 8 bytes per entry, only in large mappings.
enum KeyTable {
    static let linearLimit = 16

    /// Slots for `entries` keys at most half full.
    static func capacity(forEntries entries: Int) -> Int {
        var capacity = 32
        while capacity < entries * 2 { capacity *= 2 }
        return capacity
    }

    /// Finds the entry whose key `matches`, or the empty slot where the key would go.
    /// Slots hold `entry + 1`; 0 is empty.
    @inline(__always)
    static func probe(
        _ slots: UnsafePointer<UInt32>, mask: Int, hash: UInt64, matches: (Int) -> Bool
    ) -> (slot: Int, entry: Int?) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { return (slot, nil) }
            if matches(Int(value) - 1) { return (slot, Int(value) - 1) }
            slot = (slot + 1) & mask
        }
    }
}

/// The kept tables of one document, all in one buffer, found by the mapping's first child.
struct KeyIndex: ~Copyable, Sendable {
    struct Table: Sendable {
        var offset: Int
        var mask: Int
    }

    var slots = RawBuffer<UInt32>(capacity: 0)
    var tables: [UInt32: Table] = [:]

    mutating func keep(_ table: UnsafePointer<UInt32>, capacity: Int, forBlock block: UInt32) {
        tables[block] = Table(offset: slots.count, mask: capacity - 1)
        slots.append(contentsOf: table, count: capacity)
    }

    func table(forBlock block: UInt32) -> (UnsafePointer<UInt32>, mask: Int)? {
        guard let table = tables[block] else { return nil }
        return (UnsafePointer(slots.base + table.offset), table.mask)
    }
}
