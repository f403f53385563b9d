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
        node.start = UInt32(truncatingIfNeeded: block)
        node.count = UInt32(truncatingIfNeeded: nodes.count - block)
        if tableCapacity > 0 { keyIndex.keep(table.base, capacity: tableCapacity, forBlock: node.start) }
    }

    private mutating func merge(_ source: Node, block: Int, tableCapacity: inout Int) {
        if source.isMapping {
            mergeEntries(of: source, block: block, tableCapacity: &tableCapacity)
        } else if source.isSequence {
            for i in Int(source.start)..<Int(source.start) + Int(source.count) where nodes[i].isMapping {
                mergeEntries(of: nodes[i], block: block, tableCapacity: &tableCapacity)
            }
        }
    }

    private mutating func mergeEntries(of source: Node, block: Int, tableCapacity: inout Int) {
        var i = Int(source.start)
        let end = i + Int(source.count)
        while i < end {
            _ = appendUnique(nodes[i], nodes[i + 1], block: block, tableCapacity: &tableCapacity)
            i += 2
        }
    }

    /// Appends the entry unless the block already has its key; returns the entry that has it.
    /// Searches linearly up to `KeyTable.linearLimit` entries, then through `table`.
    private mutating func appendUnique(_ key: Node, _ value: Node, block: Int, tableCapacity: inout Int) -> Int? {
        let arenaBase = arena.base, nodeBase = nodes.base
        let bytes = arenaBase + Int(key.start), length = Int(key.count)
        let entries = (nodes.count - block) / 2
        var slot = -1
        if tableCapacity == 0 {
            var i = block
            while i < nodes.count {
                let other = nodeBase[i]
                if bytesEqual(arenaBase + Int(other.start), Int(other.count), bytes, length) { return (i - block) / 2 }
                i += 2
            }
        } else {
            let found = KeyTable.probe(table.base, mask: tableCapacity - 1, hash: keyHash(bytes, length)) { entry in
                let other = nodeBase[block + 2 * entry]
                return bytesEqual(arenaBase + Int(other.start), Int(other.count), bytes, length)
            }
            if let entry = found.entry { return entry }
            slot = found.slot
        }
        nodes.append(key)
        nodes.append(value)
        if slot >= 0 { table[slot] = UInt32(truncatingIfNeeded: entries + 1) }
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
            let hash = keyHash(arenaBase + Int(key.start), Int(key.count))
            let slot = KeyTable.probe(table.base, mask: capacity - 1, hash: hash) { _ in false }.slot
            table[slot] = UInt32(truncatingIfNeeded: entry + 1)
        }
        return capacity
    }
}
