/// One entry of a mapping.
public struct YAMLEntry: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// The entries of a mapping, indexed from 0.
public struct YAMLMapping: RandomAccessCollection, Sendable {
    let document: YAMLDocument
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLEntry {
        precondition(position >= 0 && position < count, "mapping entry index out of range")
        let key = start + 2 * position
        return YAMLEntry(key: YAMLNode(document: document, index: key), value: YAMLNode(document: document, index: key + 1))
    }
}

/// The items of a sequence, indexed from 0.
public struct YAMLSequence: RandomAccessCollection, Sendable {
    let document: YAMLDocument
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLNode {
        precondition(position >= 0 && position < count, "sequence index out of range")
        return YAMLNode(document: document, index: start + position)
    }
}
