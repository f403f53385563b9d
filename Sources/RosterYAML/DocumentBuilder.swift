import CYAML

/// Turns libyaml events into the flat buffers of a `YAMLDocument`.
///
/// Children of an open collection wait in `pending`; when the collection ends they move as one
/// block to `nodes`, and the collection, now knowing its block, waits in its parent's place.
/// The root is moved last, so it is the final node.
struct DocumentBuilder: ~Copyable {
    struct Frame: BitwiseCopyable {
        static let anchored: UInt8 = 1
        static let hasMerge: UInt8 = 2
        static let mergeValueNext: UInt8 = 4
        static let mergeList: UInt8 = 8

        /// The collection's place and kind; its block is filled in when it ends.
        var node: Node
        /// Its first child in `pending`.
        var first: Int
        /// `produced` before it started, to size its anchor.
        var producedBefore: Int
        var flags: UInt8
    }

    struct Anchor {
        var node: Node
        /// Nodes in its subtree, counting what aliases inside it reach.
        var size: Int
    }

    static let sharedTextSlots = 4096
    static let sharedTextLimit = 64

    let file: String
    let limits: YAMLLimits
    var nodes: RawBuffer<Node>
    var arena: RawBuffer<UInt8>
    var pending = RawBuffer<Node>(capacity: 1024)
    var frames = RawBuffer<Frame>(capacity: 64)
    /// Recent scalar records by a cheap hash of their text (ref + 1; 0 is empty).
    var recentTexts = RawBuffer<UInt32>(capacity: DocumentBuilder.sharedTextSlots)
    var emptyTextRef = UInt32.max
    /// Anchor names of the open anchored collections, innermost last.
    var openAnchors: [String] = []
    var anchors: [String: Anchor] = [:]
    var tags: [UInt64: String] = [:]
    var keyIndex = KeyIndex()
    /// The hash table of the mapping being closed, when it is large.
    var table = RawBuffer<UInt64>(capacity: 64)
    var errors: [YAMLError] = []
    /// Nodes seen so far, aliases counted with their whole subtree.
    var produced = 0
    /// Nodes reached through aliases so far.
    var expansion = 0
    var documents = 0
    /// Set by an error that ends the parse.
    var stopped = false
    /// Lines of the file before the first line the parser sees (a later part of a split file).
    var lineOffset = 0

    /// `expectedBytes` sizes the buffers up front, so that they rarely grow; the C library maps
    /// large blocks lazily, so unused capacity is address space, not memory.
    init(file: String, limits: YAMLLimits, expectedBytes: Int) {
        self.file = file
        self.limits = limits
        nodes = RawBuffer(capacity: expectedBytes / 8)
        arena = RawBuffer(capacity: expectedBytes / 2)
        recentTexts.append(repeating: 0, count: Self.sharedTextSlots)
    }

    mutating func handle(_ event: UnsafePointer<yaml_event_t>) {
        switch event.pointee.type {
        case YAML_SCALAR_EVENT: scalar(event)
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT: startCollection(event)
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT: endCollection()
        case YAML_ALIAS_EVENT: alias(event)
        case YAML_DOCUMENT_START_EVENT: startDocument(event)
        default: break
        }
    }

    private mutating func scalar(_ event: UnsafePointer<yaml_event_t>) {
        let data = event.pointee.data.scalar
        let mark = event.pointee.start_mark
        guard arena.count + data.length < UInt32.max - 16 else { return tooLarge(mark) }
        var flags = data.style == YAML_PLAIN_SCALAR_STYLE ? Node.plainBit : 0
        if data.tag != nil { flags |= Node.taggedBit }
        let ref = appendText(data.value, data.length)
        let (line, column) = place(mark)
        let node = Node(line: line, column: column, flags: flags, ref: ref)
        if let tag = data.tag { tags[node.positionKey] = String(cString: tag) }
        if let anchor = data.anchor { anchors[String(cString: anchor)] = Anchor(node: node, size: 1) }
        produced &+= 1
        let maybeMerge = data.length == 2 && data.value[0] == UInt8(ascii: "<")
        checkPlace(of: node, line: line, column: column, maybeMerge: maybeMerge)
        pending.append(node)
    }

    /// The arena record of a scalar's text. A recent record with the same text is reused: keys
    /// and values like `state` or `active` repeat in every entry of a large config.
    @inline(__always)
    private mutating func appendText(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> UInt32 {
        guard let bytes, count > 0 else { return emptyText() }
        var slot = -1
        if count <= Self.sharedTextLimit {
            var hash = UInt32(truncatingIfNeeded: count) &* 0x9E37_79B1
            hash ^= UInt32(bytes[0]) &* 0x85EB_CA77
            hash ^= UInt32(bytes[count &- 1]) &* 0xC2B2_AE3D
            hash ^= UInt32(bytes[count &>> 1]) &* 0x27D4_EB2F
            slot = Int(truncatingIfNeeded: hash &>> 20) & (Self.sharedTextSlots - 1)
            let candidate = recentTexts[slot]
            if candidate != 0 {
                let (other, otherCount) = arena.base.text(candidate - 1)
                if bytesEqual(other, otherCount, bytes, count) { return candidate - 1 }
            }
        }
        let ref = UInt32(truncatingIfNeeded: arena.count)
        arena.appendVarint(count)
        arena.append(contentsOf: bytes, count: count)
        if slot >= 0 { recentTexts[slot] = ref + 1 }
        return ref
    }

    /// The arena record of an empty text, made once.
    mutating func emptyText() -> UInt32 {
        if emptyTextRef == UInt32.max {
            emptyTextRef = UInt32(truncatingIfNeeded: arena.count)
            arena.append(0)
        }
        return emptyTextRef
    }

    private mutating func startCollection(_ event: UnsafePointer<yaml_event_t>) {
        let mark = event.pointee.start_mark
        let (line, column) = place(mark)
        guard frames.count < limits.maxDepth else {
            return fail("nesting exceeds \(limits.maxDepth) levels", line: line, column: column)
        }
        let isMapping = event.pointee.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? event.pointee.data.mapping_start.anchor : event.pointee.data.sequence_start.anchor
        let tag = isMapping ? event.pointee.data.mapping_start.tag : event.pointee.data.sequence_start.tag
        var flags = isMapping ? Node.mappingBit : Node.sequenceBit
        if tag != nil { flags |= Node.taggedBit }
        let node = Node(line: line, column: column, flags: flags)
        if let tag { tags[node.positionKey] = String(cString: tag) }
        var frameFlags: UInt8 = 0
        if checkPlace(of: node, line: line, column: column, started: true, maybeMerge: false) {
            frameFlags |= Frame.mergeList
        }
        if let anchor {
            openAnchors.append(String(cString: anchor))
            frameFlags |= Frame.anchored
        }
        frames.append(Frame(node: node, first: pending.count, producedBefore: produced, flags: frameFlags))
        produced &+= 1
    }

    /// After a syntax error, closes what was open so that duplicate keys before the error are
    /// reported too.
    mutating func closeOpenCollections() {
        while frames.count > 0 { endCollection() }
    }

    private mutating func endCollection() {
        let frame = frames[frames.count - 1]
        frames.truncate(to: frames.count - 1)
        var node = frame.node
        if node.isMapping {
            closeMapping(&node, frame: frame)
        } else {
            let count = pending.count - frame.first
            guard nodes.count + count < UInt32.max else { return tooLarge(nil) }
            node.ref = appendBlock(first: nodes.count, count: count)
            nodes.append(contentsOf: pending.base + frame.first, count: count)
        }
        pending.truncate(to: frame.first)
        if frame.flags & Frame.anchored != 0 {
            anchors[openAnchors.removeLast()] = Anchor(node: node, size: produced - frame.producedBefore)
        }
        pending.append(node)
    }

    private mutating func alias(_ event: UnsafePointer<yaml_event_t>) {
        let name = String(cString: event.pointee.data.alias.anchor)
        let (line, column) = place(event.pointee.start_mark)
        var node = Node(line: line, column: column, flags: Node.plainBit, ref: emptyText())
        if openAnchors.contains(name) {
            error("alias '*\(name)' refers to a node that contains it", line: line, column: column)
        } else if let anchor = anchors[name] {
            let (total, overflow) = expansion.addingReportingOverflow(anchor.size)
            guard !overflow, total <= limits.maxAliasExpansion else {
                return fail("alias expansion exceeds \(limits.maxAliasExpansion) nodes", line: line, column: column)
            }
            expansion = total
            node = anchor.node
            produced = produced.addingReportingOverflow(anchor.size - 1).overflow ? .max - 1 : produced + anchor.size - 1
        } else {
            error("unknown alias '*\(name)'", line: line, column: column)
        }
        produced &+= 1
        checkPlace(of: node, line: line, column: column)
        pending.append(node)
    }

    /// The arena record of a collection's block.
    mutating func appendBlock(first: Int, count: Int) -> UInt32 {
        let ref = UInt32(truncatingIfNeeded: arena.count)
        arena.appendVarint(first)
        arena.appendVarint(count)
        return ref
    }

    private mutating func startDocument(_ event: UnsafePointer<yaml_event_t>) {
        documents += 1
        guard documents > 1 else { return }
        let (line, column) = place(event.pointee.start_mark)
        fail("multiple documents are not supported", line: line, column: column)
    }
}
