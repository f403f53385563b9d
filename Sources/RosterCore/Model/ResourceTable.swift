import RosterYAML

/// The desired objects of one backend, column-wise: a large config declares hundreds of thousands,
/// so there is no heap object per resource. Texts live in one byte arena, names are numbered, and
/// each object is a fixed-size row; `Resource` values are built when read. Iteration is in order of
/// insertion; a key is looked up by its bytes, without building strings.
///
/// Keys are compared as UTF-8 bytes: two spellings of a text that Swift finds equal (composed and
/// decomposed accents) are two keys here.
public struct ResourceTable: Sendable {
    struct Row: Sendable {
        var owner: TextRef
        var cellStart: UInt32
        var line: Int32
        var column: Int32
        /// The location's file number, or `.max` for no location.
        var file: UInt16
        /// A table holds one backend's objects, nearly always: a byte numbers them.
        var backend: UInt8
        var passwordUpdate: UInt8
    }

    /// One attribute: strings are text refs, ints and bools inline, lists and secrets in `boxed`.
    struct Cell: Sendable {
        // The payload in two halves: 12 bytes a cell instead of 16.
        private var low: UInt32
        private var high: UInt32
        var name: UInt16
        var tag: Tag

        init(payload: UInt64, name: UInt16, tag: Tag) {
            low = UInt32(truncatingIfNeeded: payload)
            high = UInt32(truncatingIfNeeded: payload >> 32)
            self.name = name
            self.tag = tag
        }

        var payload: UInt64 {
            get { UInt64(high) << 32 | UInt64(low) }
            set {
                low = UInt32(truncatingIfNeeded: newValue)
                high = UInt32(truncatingIfNeeded: newValue >> 32)
            }
        }
    }

    enum Tag: UInt8, Sendable { case null, string, int, bool, boxed }

    var store = KeyTable()
    var rows: [Row] = []
    var cells: [Cell] = []
    var attributeNames = NameTable()
    var backends = NameTable()
    var files = NameTable()
    /// Lists and secrets, kept exactly as given (rare in a config).
    var boxed: [Value] = []
    /// Keys before a rename, by row (rare).
    var previousKeys: [Int: [[String]]] = [:]
    /// The owner of the last row: a person's objects come one after the other.
    private var lastOwner: (text: String, ref: TextRef)?

    public init() {}

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    /// Room for `count` objects of the usual size: keys of one or two parts, a few attributes.
    public mutating func reserveCapacity(_ count: Int) {
        store.reserve(count, parts: count * 2, bytes: count * 32)
        rows.reserveCapacity(count)
        cells.reserveCapacity(count * 2)
    }

    // MARK: Reading

    /// The row of `id`, if the table has it.
    public func index(of id: ResourceID) -> Int? {
        guard let row = store.find(kind: id.kind, key: id.key),
              backends.names[Int(rows[row].backend)] == id.backend else { return nil }
        return row
    }

    public func contains(_ id: ResourceID) -> Bool { index(of: id) != nil }

    /// Whether some object of the table has an attribute of this name (one look-up, no row read).
    public func declares(attribute name: String) -> Bool { attributeNames.index(of: name) != nil }

    public subscript(id: ResourceID) -> Resource? { index(of: id).map(resource(at:)) }

    public func id(at row: Int) -> ResourceID {
        ResourceID(backend: backends.names[Int(rows[row].backend)], kind: store.kindName(row), key: store.key(row))
    }

    public func kind(at row: Int) -> String { store.kindName(row) }

    /// The person a row belongs to, nil for an object of `resources`.
    public func owner(at row: Int) -> String? {
        let ref = rows[row].owner
        return ref.isNone ? nil : store.text.string(ref)
    }

    public func passwordUpdate(at row: Int) -> PasswordUpdate { Self.passwordUpdate(rows[row].passwordUpdate) }

    /// The rows with previous keys (few), in no particular order.
    public var renamedRows: Dictionary<Int, [[String]]>.Keys { previousKeys.keys }

    public func previousKeys(at row: Int) -> [[String]] { previousKeys[row] ?? [] }

    public func location(at row: Int) -> SourceLocation? {
        let r = rows[row]
        if r.file == .max { return nil }
        return SourceLocation(file: files.names[Int(r.file)], line: Int(r.line), column: Int(r.column))
    }

    public func resource(at row: Int) -> Resource {
        let r = rows[row]
        var resource = Resource(id(at: row), attributes(at: row), owner: r.owner.isNone ? nil : store.text.string(r.owner),
                                location: location(at: row), passwordUpdate: Self.passwordUpdate(r.passwordUpdate))
        if let previous = previousKeys[row] { resource.previousKeys = previous }
        return resource
    }

    func cellRange(_ row: Int) -> Range<Int> {
        Int(rows[row].cellStart)..<(row + 1 < rows.count ? Int(rows[row + 1].cellStart) : cells.count)
    }

    func attributes(at row: Int) -> Attributes {
        Attributes(sorted: cellRange(row).map { i in
            Attributes.Entry(name: attributeNames.names[Int(cells[i].name)], value: value(cells[i]))
        })
    }

    private func value(_ cell: Cell) -> Value {
        switch cell.tag {
        case .null: .null
        case .string: .string(store.text.string(TextRef(packed: cell.payload)))
        case .int: .int(Int(truncatingIfNeeded: Int64(bitPattern: cell.payload)))
        case .bool: .bool(cell.payload != 0)
        case .boxed: boxed[Int(cell.payload)]
        }
    }

    /// The bytes the table has allocated (capacity, not count): its arrays and index.
    public var storageBytes: Int {
        store.storageBytes + rows.capacity * MemoryLayout<Row>.stride + cells.capacity * MemoryLayout<Cell>.stride
            + boxed.capacity * MemoryLayout<Value>.stride
    }

    // MARK: Writing

    /// Adds the resource unless its id is taken: then nothing changes and the taken row is returned.
    mutating func insert(_ resource: Resource) -> Int? {
        let (inserted, row) = store.insert(kind: resource.id.kind, key: resource.id.key)
        if !inserted { return row }
        let location = resource.location
        let owner = resource.owner.map { storeOwner($0) } ?? .none
        let file = location.map { UInt16(files.intern($0.file)) } ?? .max
        let backend = backends.intern(resource.id.backend)
        precondition(backend < 255, "a table holds the objects of at most 255 backends")
        rows.append(Row(owner: owner,
                        cellStart: UInt32(cells.count),
                        line: Int32(clamping: location?.line ?? 0), column: Int32(clamping: location?.column ?? 0),
                        file: file, backend: UInt8(backend),
                        passwordUpdate: Self.code(resource.passwordUpdate)))
        for entry in resource.attributes {
            let cell = cell(UInt16(attributeNames.intern(entry.name)), entry.value)
            cells.append(cell)
        }
        if !resource.previousKeys.isEmpty { previousKeys[row] = resource.previousKeys }
        return nil
    }

    private mutating func storeOwner(_ owner: String) -> TextRef {
        if let lastOwner, lastOwner.text == owner { return lastOwner.ref }
        let ref = store.text.store(owner)
        lastOwner = (owner, ref)
        return ref
    }

    private mutating func cell(_ name: UInt16, _ value: Value) -> Cell {
        switch value {
        case .null: return Cell(payload: 0, name: name, tag: .null)
        case .string(let s): return Cell(payload: store.text.store(s).packed, name: name, tag: .string)
        case .int(let i): return Cell(payload: UInt64(bitPattern: Int64(i)), name: name, tag: .int)
        case .bool(let b): return Cell(payload: b ? 1 : 0, name: name, tag: .bool)
        case .list, .secret:
            boxed.append(value)
            return Cell(payload: UInt64(boxed.count - 1), name: name, tag: .boxed)
        }
    }

    static func code(_ update: PasswordUpdate) -> UInt8 {
        switch update {
        case .onCreate: 0
        case .always: 1
        case .verify: 2
        }
    }

    static func passwordUpdate(_ code: UInt8) -> PasswordUpdate {
        switch code {
        case 1: .always
        case 2: .verify
        default: .onCreate
        }
    }
}
