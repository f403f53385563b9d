/// Keys of the form (kind, [text]) stored column-wise, with an open-addressing index: the part
/// that `ResourceTable` and `ScopeSet` share. Records are numbered in insertion order.
struct KeyTable: Sendable {
    struct Record: Sendable {
        /// The low half of the key's hash: the index's slot, and a cheap first comparison.
        var hash: UInt32
        var partStart: UInt32
        var kind: UInt16
    }

    var text = TextArena()
    private(set) var kinds = NameTable()
    private(set) var records: [Record] = []
    private(set) var parts: [TextRef] = []
    /// Record number + 1, or 0 for an empty slot; a power of two in size, at most 70 % full.
    private var slots: [UInt32] = []
    /// Per slot, 7 more bits of the hash with the top bit set when used: a probe reads this small
    /// array and goes to a record only when its bits match.
    private var tags: [UInt8] = []

    @inline(__always) private static func tag(_ hash: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: hash >> 25) | 0x80 }

    var count: Int { records.count }

    /// Room for `count` keys of `parts` parts and `bytes` bytes of text in all.
    mutating func reserve(_ count: Int, parts partCount: Int, bytes: Int) {
        records.reserveCapacity(count)
        parts.reserveCapacity(partCount)
        text.reserve(bytes)
        if Self.slotCount(for: count) > slots.count { rehash(Self.slotCount(for: count)) }
    }

    /// The bytes allocated for keys, texts and the index.
    var storageBytes: Int {
        records.capacity * MemoryLayout<Record>.stride + parts.capacity * MemoryLayout<TextRef>.stride
            + text.storageBytes + slots.capacity * MemoryLayout<UInt32>.stride + tags.capacity
    }

    func partRange(_ record: Int) -> Range<Int> {
        let end = record + 1 < records.count ? Int(records[record + 1].partStart) : parts.count
        return Int(records[record].partStart)..<end
    }

    func kindName(_ record: Int) -> String { kinds.names[Int(records[record].kind)] }

    /// Every kind with a record: a kind is numbered only as a record of it is inserted.
    var kindNames: [String] { kinds.names }

    func key(_ record: Int) -> [String] { partRange(record).map { text.string(parts[$0]) } }

    // MARK: Lookup and insertion by strings

    /// Each part is hashed alone (its hash also finds it in the text cache), then folded in.
    func hash(kind: Int, key: [String]) -> UInt64 {
        key.reduce(kinds.hashes[kind]) { KeyHash.combine($0, KeyHash.string($1, 0)) }
    }

    /// The record of this kind and key, compared byte by byte without building strings.
    func find(kind: String, key: [String]) -> Int? {
        guard let k = kinds.index(of: kind) else { return nil }
        return find(kind: k, key: key, hash: UInt32(truncatingIfNeeded: hash(kind: k, key: key))).record
    }

    /// The record found, or the empty slot where it would go.
    private func find(kind: Int, key: [String], hash: UInt32) -> (record: Int?, slot: Int) {
        probe(hash) { record in Int(records[record].kind) == kind && equals(record, key) }
    }

    /// The walk of the index every lookup takes: from the hash's slot on, each record whose tag and
    /// hash match is offered to `matches`; the record it accepts, or the first empty slot.
    @inline(__always)
    private func probe(_ hash: UInt32, _ matches: (Int) -> Bool) -> (record: Int?, slot: Int) {
        if slots.isEmpty { return (nil, -1) }
        let mask = slots.count - 1
        let tag = Self.tag(hash)
        var slot = Int(hash) & mask
        while tags[slot] != 0 {
            if tags[slot] == tag {
                let record = Int(slots[slot]) - 1
                if records[record].hash == hash, matches(record) { return (record, slot) }
            }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }

    private func equals(_ record: Int, _ key: [String]) -> Bool {
        let range = partRange(record)
        guard range.count == key.count else { return false }
        for (i, part) in zip(range, key) {
            var part = part
            if !part.withUTF8({ text.matches(parts[i], UnsafeRawBufferPointer($0)) }) { return false }
        }
        return true
    }

    /// Inserts the key unless present: `inserted` is false and `record` the existing one if it was.
    mutating func insert(kind: String, key: [String]) -> (inserted: Bool, record: Int) {
        let k = kinds.intern(kind)
        // Keys have one to three parts: their hashes stay on the stack.
        var partHashes: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var full = kinds.hashes[k]
        for (i, part) in key.enumerated() {
            let h = KeyHash.string(part, 0)
            switch i {
            case 0: partHashes.0 = h
            case 1: partHashes.1 = h
            case 2: partHashes.2 = h
            default: break
            }
            full = KeyHash.combine(full, h)
        }
        let hash = UInt32(truncatingIfNeeded: full)
        growIfNeeded()
        let (found, slot) = find(kind: k, key: key, hash: hash)
        if let found { return (false, found) }
        records.append(Record(hash: hash, partStart: UInt32(parts.count), kind: UInt16(k)))
        for (i, part) in key.enumerated() {
            let h = i == 0 ? partHashes.0 : i == 1 ? partHashes.1 : i == 2 ? partHashes.2 : KeyHash.string(part, 0)
            var part = part
            let ref = part.withUTF8 { text.store(UnsafeRawBufferPointer($0), hash: h) }
            parts.append(ref)
        }
        slots[slot] = UInt32(records.count)
        tags[slot] = Self.tag(hash)
        return (true, records.count - 1)
    }

    // MARK: Insertion of another table's records

    /// Interns another table's kinds, copies its bytes: a map of its kind numbers and a byte offset.
    mutating func absorb(_ other: KeyTable) -> (kinds: [UInt16], offset: UInt32) {
        let map = other.kinds.names.map { UInt16(kinds.intern($0)) }
        return (map, text.absorb(other.text))
    }

    /// Lets go of the index: inserting this table's records into another, and reading them, do
    /// not need it.
    mutating func releaseIndex() {
        slots = []
        tags = []
    }

    /// Inserts record `i` of `other`, whose bytes `absorb` copied, reusing its hash.
    mutating func insert(_ i: Int, of other: KeyTable, kinds map: [UInt16], offset: UInt32) -> (inserted: Bool, record: Int) {
        let source = other.records[i]
        let kind = map[Int(source.kind)]
        let range = other.partRange(i)
        growIfNeeded()
        let (found, slot) = probe(source.hash) { record in
            records[record].kind == kind && equals(record, other.parts[range], offset)
        }
        if let found { return (false, found) }
        records.append(Record(hash: source.hash, partStart: UInt32(parts.count), kind: kind))
        for j in range { parts.append(other.parts[j].shifted(by: offset)) }
        slots[slot] = UInt32(records.count)
        tags[slot] = Self.tag(source.hash)
        return (true, records.count - 1)
    }

    private func equals(_ record: Int, _ key: ArraySlice<TextRef>, _ offset: UInt32) -> Bool {
        let range = partRange(record)
        guard range.count == key.count else { return false }
        return zip(range, key).allSatisfy { text.matches(parts[$0], $1.shifted(by: offset)) }
    }

    // MARK: The index

    private static func slotCount(for count: Int) -> Int {
        var size = 16
        while size * 7 < count * 10 { size *= 2 }
        return size
    }

    private mutating func growIfNeeded() {
        if (records.count + 1) * 10 > slots.count * 7 { rehash(max(16, slots.count * 2)) }
    }

    private mutating func rehash(_ size: Int) {
        slots = []
        tags = []
        slots = Array(repeating: 0, count: size)
        tags = Array(repeating: 0, count: size)
        let mask = size - 1
        for (i, record) in records.enumerated() {
            var slot = Int(record.hash) & mask
            while tags[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(i + 1)
            tags[slot] = Self.tag(record.hash)
        }
    }
}

/// A few dozen names (kinds, attribute names, files) numbered in order of first use.
struct NameTable: Sendable {
    private(set) var names: [String] = []
    /// Each name's hash, the seed of its keys' hashes: equal in every table of the process.
    private(set) var hashes: [UInt64] = []
    private var last = 0

    /// Names come in runs (a resource's attributes in sorted order, the same for each resource of
    /// a kind): the last one found and the one after it are tried first.
    func index(of name: String) -> Int? {
        let length = name.utf8.count
        if last < names.count, names[last].utf8.count == length, names[last] == name { return last }
        if last + 1 < names.count, names[last + 1].utf8.count == length, names[last + 1] == name { return last + 1 }
        return names.firstIndex { $0.utf8.count == length && $0 == name }
    }

    mutating func intern(_ name: String) -> Int {
        if let found = index(of: name) {
            last = found
            return found
        }
        precondition(names.count < Int(UInt16.max), "too many distinct names in a desired state")
        names.append(name)
        hashes.append(KeyHash.string(name, 0))
        last = names.count - 1
        return last
    }
}
