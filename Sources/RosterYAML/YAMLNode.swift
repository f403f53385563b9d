#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A node of a `YAMLDocument`: a handle made of the document and an index, so walking a
/// document allocates nothing. Scalar text becomes a `String` only when `scalar` is read.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case scalar, mapping, sequence

        /// "scalar", "mapping" or "sequence", for messages like "expected a mapping".
        public var description: String {
            switch self {
            case .scalar: "scalar"
            case .mapping: "mapping"
            case .sequence: "sequence"
            }
        }
    }

    public let document: YAMLDocument
    let index: Int

    init(document: YAMLDocument, index: Int) {
        self.document = document
        self.index = index
    }

    var node: Node { document.nodes.base[index] }

    public var kind: Kind {
        let node = node
        return node.isMapping ? .mapping : node.isSequence ? .sequence : .scalar
    }

    /// Where the node starts: its first character, or its anchor or tag if it has one.
    /// An alias node is its anchored node, at the anchored node's place.
    public var location: SourceLocation { SourceLocation(file: document.file, line: line, column: column) }
    public var line: Int { Int(node.line) }
    public var column: Int { node.column }

    /// The text of a scalar; nil for a collection.
    public var scalar: String? {
        let node = node
        guard node.isScalar else { return nil }
        return String(decoding: bytes(node), as: UTF8.self)
    }

    /// Plain (unquoted, not block) style: only plain scalars are read as null, bool or number.
    public var isPlain: Bool { node.isPlain }

    /// The explicit tag, resolved by libyaml: `!!str` is `tag:yaml.org,2002:str`.
    public var tag: String? {
        let node = node
        return node.isTagged ? document.tags[node.positionKey] : nil
    }

    /// Entries of a mapping, items of a sequence, 0 for a scalar.
    public var count: Int {
        let node = node
        guard !node.isScalar else { return 0 }
        let count = document.arena.base.block(node.ref).count
        return node.isMapping ? count / 2 : count
    }

    /// A mapping's entries in document order, then the entries merged with `<<` (those of the
    /// first merged mapping first), skipping keys already present. Empty for other kinds.
    public var entries: YAMLMapping {
        let node = node
        guard node.isMapping else { return YAMLMapping(document: document, start: 0, count: 0) }
        let (first, count) = document.arena.base.block(node.ref)
        return YAMLMapping(document: document, start: first, count: count / 2)
    }

    /// A sequence's items. Empty for other kinds.
    public var items: YAMLSequence {
        let node = node
        guard node.isSequence else { return YAMLSequence(document: document, start: 0, count: 0) }
        let (first, count) = document.arena.base.block(node.ref)
        return YAMLSequence(document: document, start: first, count: count)
    }

    /// The value of the entry whose key has this text (merged entries included); nil if there is
    /// none or this is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        let node = node
        guard node.isMapping else { return nil }
        var key = key
        let entry = key.withUTF8 { find(key: $0, in: node) }
        return entry.map { YAMLNode(document: document, index: document.arena.base.block(node.ref).first + 2 * $0 + 1) }
    }

    private func find(key: UnsafeBufferPointer<UInt8>, in node: Node) -> Int? {
        let nodes = document.nodes.base, arena = document.arena.base
        let (block, children) = arena.block(node.ref)
        let entries = children / 2
        let bytes = key.baseAddress ?? UnsafePointer(arena), length = key.count
        if entries > KeyTable.linearLimit, let (slots, mask) = document.keyIndex.table(forBlock: node.ref) {
            return KeyTable.probe(slots, mask: mask, hash: keyHash(bytes, length)) { entry in
                let (other, otherLength) = arena.text(nodes[block + 2 * entry].ref)
                return bytesEqual(other, otherLength, bytes, length)
            }.entry
        }
        for entry in 0..<entries {
            let (other, otherLength) = arena.text(nodes[block + 2 * entry].ref)
            if bytesEqual(other, otherLength, bytes, length) { return entry }
        }
        return nil
    }

    func bytes(_ node: Node) -> UnsafeBufferPointer<UInt8> {
        let (bytes, count) = document.arena.base.text(node.ref)
        return UnsafeBufferPointer(start: bytes, count: count)
    }
}
