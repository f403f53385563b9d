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
    mutating func append(_ other: ResourceTable, skipping: Set<Int> = []) -> [(row: Int, resource: Resource, taken: Int)] {
        if rows.isEmpty, skipping.isEmpty {
            self = other
            return []
        }
        let (kinds, offset) = store.absorb(other.store)
        let names = other.attributeNames.names.map { UInt16(attributeNames.intern($0)) }
        let backendMap = other.backends.names.map { UInt8(backends.intern($0)) }
        let fileMap = other.files.names.map { UInt16(files.intern($0)) }
        let boxedBase = UInt64(boxed.count)
        boxed.append(contentsOf: other.boxed)
        rows.reserveCapacity(rows.count + other.rows.count)
        cells.reserveCapacity(cells.count + other.cells.count)
        var taken: [(row: Int, resource: Resource, taken: Int)] = []
        for i in other.rows.indices where skipping.isEmpty || !skipping.contains(i) {
            let (inserted, row) = store.insert(i, of: other.store, kinds: kinds, offset: offset)
            guard inserted else {
                taken.append((i, other.resource(at: i), row))
                continue
            }
            var r = other.rows[i]
            r.owner = r.owner.isNone ? r.owner : r.owner.shifted(by: offset)
            r.cellStart = UInt32(cells.count)
            if r.file != .max { r.file = fileMap[Int(r.file)] }
            r.backend = backendMap[Int(r.backend)]
            rows.append(r)
            for j in other.cellRange(i) {
                var cell = other.cells[j]
                cell.name = names[Int(cell.name)]
                switch cell.tag {
                case .string: cell.payload = TextRef(packed: cell.payload).shifted(by: offset).packed
                case .boxed: cell.payload += boxedBase
                case .null, .int, .bool: break
                }
                cells.append(cell)
            }
            if let previous = other.previousKeys[i] { previousKeys[row] = previous }
        }
        return taken
    }
}
