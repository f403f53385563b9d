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

    let file: String
    let limits: YAMLLimits
    var nodes: RawBuffer<Node>
    var arena: RawBuffer<UInt8>
    var pending = RawBuffer<Node>(capacity: 1024)
    var frames = RawBuffer<Frame>(capacity: 64)
    /// Anchor names of the open anchored collections, innermost last.
    var openAnchors: [String] = []
    var anchors: [String: Anchor] = [:]
    var tags: [UInt64: String] = [:]
    var keyIndex = KeyIndex()
    /// The hash table of the mapping being closed, when it is large.
    var table = RawBuffer<UInt32>(capacity: 64)
    var errors: [YAMLError] = []
    /// Nodes seen so far, aliases counted with their whole subtree.
    var produced = 0
    /// Nodes reached through aliases so far.
    var expansion = 0
    var documents = 0
    /// Set by an error that ends the parse.
    var stopped = false

    /// `expectedBytes` sizes the buffers up front; it only reserves address space.
    init(file: String, limits: YAMLLimits, expectedBytes: Int) {
        self.file = file
        self.limits = limits
        nodes = RawBuffer(capacity: expectedBytes / 8)
        arena = RawBuffer(capacity: expectedBytes)
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
        let length = data.length
        guard arena.count + length < UInt32.max else { return tooLarge(mark) }
        var flags = data.style == YAML_PLAIN_SCALAR_STYLE ? Node.plainBit : 0
        if data.tag != nil { flags |= Node.taggedBit }
        let node = Node(
            line: mark.line + 1, column: mark.column + 1, flags: flags,
            start: UInt32(truncatingIfNeeded: arena.count), count: UInt32(truncatingIfNeeded: length))
        if length > 0 { arena.append(contentsOf: data.value, count: length) }
        if let tag = data.tag { tags[node.positionKey] = String(cString: tag) }
        if let anchor = data.anchor { anchors[String(cString: anchor)] = Anchor(node: node, size: 1) }
        produced &+= 1
        checkPlace(of: node, line: mark.line + 1, column: mark.column + 1)
        pending.append(node)
    }

    private mutating func startCollection(_ event: UnsafePointer<yaml_event_t>) {
        let mark = event.pointee.start_mark
        guard frames.count < limits.maxDepth else {
            return fail("nesting exceeds \(limits.maxDepth) levels", line: mark.line + 1, column: mark.column + 1)
        }
        let isMapping = event.pointee.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? event.pointee.data.mapping_start.anchor : event.pointee.data.sequence_start.anchor
        let tag = isMapping ? event.pointee.data.mapping_start.tag : event.pointee.data.sequence_start.tag
        var flags = isMapping ? Node.mappingBit : Node.sequenceBit
        if tag != nil { flags |= Node.taggedBit }
        let node = Node(line: mark.line + 1, column: mark.column + 1, flags: flags)
        if let tag { tags[node.positionKey] = String(cString: tag) }
        var frameFlags: UInt8 = 0
        if checkPlace(of: node, line: mark.line + 1, column: mark.column + 1) { frameFlags |= Frame.mergeList }
        if let anchor {
            openAnchors.append(String(cString: anchor))
            frameFlags |= Frame.anchored
        }
        frames.append(Frame(node: node, first: pending.count, producedBefore: produced, flags: frameFlags))
        produced &+= 1
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
            node.start = UInt32(truncatingIfNeeded: nodes.count)
            node.count = UInt32(truncatingIfNeeded: count)
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
        let line = event.pointee.start_mark.line + 1, column = event.pointee.start_mark.column + 1
        var node = Node(line: line, column: column, flags: Node.plainBit, start: UInt32(truncatingIfNeeded: arena.count))
        if openAnchors.contains(name) {
            error("alias '*\(name)' refers to a node that contains it", line: line, column: column)
        } else if let anchor = anchors[name] {
            expansion += anchor.size
            guard expansion <= limits.maxAliasExpansion else {
                return fail("alias expansion exceeds \(limits.maxAliasExpansion) nodes", line: line, column: column)
            }
            node = anchor.node
            produced &+= anchor.size - 1
        } else {
            error("unknown alias '*\(name)'", line: line, column: column)
        }
        produced &+= 1
        checkPlace(of: node, line: line, column: column)
        pending.append(node)
    }

    private mutating func startDocument(_ event: UnsafePointer<yaml_event_t>) {
        documents += 1
        guard documents > 1 else { return }
        let mark = event.pointee.start_mark
        fail("multiple documents are not supported", line: mark.line + 1, column: mark.column + 1)
    }
}
