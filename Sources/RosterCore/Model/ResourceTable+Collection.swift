/// Reading a table as a collection of `(key: ResourceID, value: Resource)` in insertion order, as
/// a dictionary of resources was read: `for (id, resource) in state.resources`.
extension ResourceTable: RandomAccessCollection {
    public typealias Element = (key: ResourceID, value: Resource)

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> Element {
        let resource = resource(at: position)
        return (resource.id, resource)
    }

    public var values: Values { Values(table: self) }
    public var keys: Keys { Keys(table: self) }

    /// The resources, built one by one when read.
    public struct Values: RandomAccessCollection, Sendable {
        let table: ResourceTable
        public var startIndex: Int { 0 }
        public var endIndex: Int { table.count }
        public subscript(position: Int) -> Resource { table.resource(at: position) }
    }

    /// The ids, built one by one when read.
    public struct Keys: RandomAccessCollection, Sendable {
        let table: ResourceTable
        public var startIndex: Int { 0 }
        public var endIndex: Int { table.count }
        public subscript(position: Int) -> ResourceID { table.id(at: position) }
    }
}

extension ResourceTable: Equatable {
    /// The same resources in the same order.
    public static func == (a: ResourceTable, b: ResourceTable) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a.resource(at: $0) == b.resource(at: $0) }
    }
}

extension ResourceTable {
    /// Adds the rows of `other` after these, as `insert` would one by one, except the rows in
    /// `skipping`. Bytes are copied in bulk and hashes reused; no string is built. Returns the rows of
    /// `other` whose id was taken here, as resources, with the row here that has it.
    ///
    /// Column by column: each of `other`'s columns is let go as soon as it is copied, so that
    /// joining two halves of a large config holds little more than the joined table.
    mutating func append(_ other: consuming ResourceTable, skipping: Set<Int> = []) -> [(row: Int, resource: Resource, taken: Int)] {
        if rows.isEmpty, skipping.isEmpty {
            self = other
            return []
        }
        let count = other.rows.count
        // The keys: where each of the other's rows goes (-1: taken or skipped).
        let (kinds, offset) = store.absorb(other.store)
        other.store.releaseIndex()
        var target = [Int32](repeating: -1, count: count)
        var taken: [(row: Int, resource: Resource, taken: Int)] = []
        for i in 0..<count where skipping.isEmpty || !skipping.contains(i) {
            let (inserted, row) = store.insert(i, of: other.store, kinds: kinds, offset: offset)
            if inserted { target[i] = Int32(row) } else { taken.append((i, other.resource(at: i), row)) }
        }
        for (i, _) in other.previousKeys where target[i] >= 0 { previousKeys[Int(target[i])] = other.previousKeys[i] }
        other.store = KeyTable()
        // The rows: renumbered names, shifted texts, and where their cells will start.
        let cellStarts = other.rows.map(\.cellStart) + [UInt32(other.cells.count)]
        let backendMap = other.backends.names.map { UInt8(backends.intern($0)) }
        let fileMap = other.files.names.map { UInt16(files.intern($0)) }
        rows.reserveCapacity(rows.count + count)
        var cellCount = UInt32(cells.count)
        for i in 0..<count where target[i] >= 0 {
            var r = other.rows[i]
            r.owner = r.owner.isNone ? r.owner : r.owner.shifted(by: offset)
            r.cellStart = cellCount
            cellCount += cellStarts[i + 1] - cellStarts[i]
            if r.file != .max { r.file = fileMap[Int(r.file)] }
            r.backend = backendMap[Int(r.backend)]
            rows.append(r)
        }
        other.rows = []
        // The cells.
        let names = other.attributeNames.names.map { UInt16(attributeNames.intern($0)) }
        let boxedBase = UInt64(boxed.count)
        boxed.append(contentsOf: other.boxed)
        cells.reserveCapacity(Int(cellCount))
        for i in 0..<count where target[i] >= 0 {
            for j in Int(cellStarts[i])..<Int(cellStarts[i + 1]) {
                var cell = other.cells[j]
                cell.name = names[Int(cell.name)]
                switch cell.tag {
                case .string: cell.payload = TextRef(packed: cell.payload).shifted(by: offset).packed
                case .boxed: cell.payload += boxedBase
                case .null, .int, .bool: break
                }
                cells.append(cell)
            }
        }
        return taken
    }
}
