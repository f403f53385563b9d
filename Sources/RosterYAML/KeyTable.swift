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

/// The builder's table for the mapping being closed: each slot holds `entry + 1` in its low
/// half and the high half of the key's hash in its high half, so that most probes that miss
/// never touch the key's text.
enum FingerprintTable {
    @inline(__always)
    static func slot(entry: Int, hash: UInt64) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(entry + 1)
    }

    @inline(__always)
    static func probe(
        _ slots: UnsafePointer<UInt64>, mask: Int, hash: UInt64, matches: (Int) -> Bool
    ) -> (slot: Int, entry: Int?) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { return (slot, nil) }
            let entry = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
            if value & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000, matches(entry) { return (slot, entry) }
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

    /// Keeps a builder's table, without its fingerprints.
    mutating func keep(_ table: UnsafePointer<UInt64>, capacity: Int, forBlock block: UInt32) {
        tables[block] = Table(offset: slots.count, mask: capacity - 1)
        for slot in 0..<capacity {
            slots.append(UInt32(truncatingIfNeeded: table[slot]))
        }
    }

    func table(forBlock block: UInt32) -> (UnsafePointer<UInt32>, mask: Int)? {
        guard let table = tables[block] else { return nil }
        return (UnsafePointer(slots.base + table.offset), table.mask)
    }
}
