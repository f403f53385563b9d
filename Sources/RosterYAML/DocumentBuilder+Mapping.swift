/// Closing a mapping: duplicate keys, merge keys, and the hash table of a large mapping.
///
/// The block holds the explicit entries in document order, without `<<`, then the merged
/// entries: those of the first merged mapping in its order, then the second's, skipping any key
/// already present. So explicit keys win over merged ones, and earlier merges over later.
extension DocumentBuilder {
    mutating func closeMapping(_ node: inout Node, frame: Frame) {
        let block = nodes.count
        let end = pending.count
        let explicit = (end - frame.first) / 2
        guard block + 2 * explicit < UInt32.max else { return tooLarge(nil) }
        if frame.flags & Frame.hasMerge == 0, explicit <= KeyTable.linearLimit, keysAreDistinct(frame.first, explicit) {
            node.ref = appendBlock(first: block, count: 2 * explicit)
            nodes.append(contentsOf: pending.base + frame.first, count: 2 * explicit)
            return
        }
        var tableCapacity = 0
        if explicit > KeyTable.linearLimit { tableCapacity = rebuildTable(block: block, room: explicit) }
        var merges: [Node] = []
        var i = frame.first
        while i + 1 < end {
            let key = pending[i], value = pending[i + 1]
            i += 2
            guard key.isScalar else { continue }
            if frame.flags & Frame.hasMerge != 0, isMergeKey(key) {
                merges.append(value)
            } else if let first = appendUnique(key, value, block: block, tableCapacity: &tableCapacity) {
                let name = text(of: key)
                let note = YAMLNote(location: location(nodes[block + 2 * first]), message: "'\(name)' first defined here")
                error("duplicate key '\(name)'", line: Int(key.line), column: key.column, notes: [note])
            }
        }
        for source in merges {
            merge(source, block: block, tableCapacity: &tableCapacity)
        }
        node.ref = appendBlock(first: block, count: nodes.count - block)
        if tableCapacity > 0 { keyIndex.keep(table.base, capacity: tableCapacity, forBlock: node.ref) }
    }

    /// The common case of a small mapping: all keys scalars, no two alike. Keys with equal text
    /// usually share their record, which makes the check cheap.
    private func keysAreDistinct(_ first: Int, _ entries: Int) -> Bool {
        let pendingBase = pending.base, arenaBase = arena.base
        for i in 0..<entries {
            let key = pendingBase[first + 2 * i]
            guard key.isScalar else { return false }
            let (bytes, length) = arenaBase.text(key.ref)
            for j in 0..<i {
                let other = pendingBase[first + 2 * j].ref
                if other == key.ref { return false }
                let (otherBytes, otherLength) = arenaBase.text(other)
                if bytesEqual(otherBytes, otherLength, bytes, length) { return false }
            }
        }
        return true
    }

    private mutating func merge(_ source: Node, block: Int, tableCapacity: inout Int) {
        if source.isMapping {
            mergeEntries(of: source, block: block, tableCapacity: &tableCapacity)
        } else if source.isSequence {
            let (first, count) = arena.base.block(source.ref)
            for i in first..<first + count where nodes[i].isMapping {
                mergeEntries(of: nodes[i], block: block, tableCapacity: &tableCapacity)
            }
        }
    }

    private mutating func mergeEntries(of source: Node, block: Int, tableCapacity: inout Int) {
        var (i, end) = arena.base.block(source.ref)
        end += i
        while i < end {
            _ = appendUnique(nodes[i], nodes[i + 1], block: block, tableCapacity: &tableCapacity)
            i += 2
        }
    }

    /// Appends the entry unless the block already has its key; returns the entry that has it.
    /// Searches linearly up to `KeyTable.linearLimit` entries, then through `table`.
    private mutating func appendUnique(_ key: Node, _ value: Node, block: Int, tableCapacity: inout Int) -> Int? {
        let arenaBase = arena.base, nodeBase = nodes.base
        let (bytes, length) = arenaBase.text(key.ref)
        let entries = (nodes.count - block) / 2
        var slot = -1
        var hash: UInt64 = 0
        if tableCapacity == 0 {
            var i = block
            while i < nodes.count {
                let other = nodeBase[i].ref
                if other == key.ref { return (i - block) / 2 }
                let (otherBytes, otherLength) = arenaBase.text(other)
                if bytesEqual(otherBytes, otherLength, bytes, length) { return (i - block) / 2 }
                i += 2
            }
        } else {
            hash = keyHash(bytes, length)
            let found = FingerprintTable.probe(table.base, mask: tableCapacity - 1, hash: hash) { entry in
                let (otherBytes, otherLength) = arenaBase.text(nodeBase[block + 2 * entry].ref)
                return bytesEqual(otherBytes, otherLength, bytes, length)
            }
            if let entry = found.entry { return entry }
            slot = found.slot
        }
        nodes.append(key)
        nodes.append(value)
        if slot >= 0 { table[slot] = FingerprintTable.slot(entry: entries, hash: hash) }
        if entries + 1 > KeyTable.linearLimit, (entries + 1) * 2 > tableCapacity {
            tableCapacity = rebuildTable(block: block, room: (entries + 1) * 2)
        }
        return nil
    }

    /// Empties `table`, sizes it for `room` entries, and fills it with the block's entries so far.
    private mutating func rebuildTable(block: Int, room: Int) -> Int {
        let capacity = KeyTable.capacity(forEntries: room)
        table.truncate(to: 0)
        table.append(repeating: 0, count: capacity)
        let arenaBase = arena.base
        for entry in 0..<(nodes.count - block) / 2 {
            let key = nodes[block + 2 * entry]
            let (bytes, length) = arenaBase.text(key.ref)
            let hash = keyHash(bytes, length)
            let slot = FingerprintTable.probe(table.base, mask: capacity - 1, hash: hash) { _ in false }.slot
            table[slot] = FingerprintTable.slot(entry: entry, hash: hash)
        }
        return capacity
    }
}
