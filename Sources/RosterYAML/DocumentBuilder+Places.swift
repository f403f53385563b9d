import CYAML

/// What a node may be where it stands, and the errors the builder reports.
extension DocumentBuilder {
    /// Checks `child` against its place in the open collection: a key must be a scalar, the value
    /// of `<<` a mapping or a sequence of mappings. `line` and `column` are where the child is
    /// written (an alias's own place, not its anchor's). `started` tells a collection that has
    /// just started, whose children are still to come; `maybeMerge` is false for a node that
    /// cannot be `<<`. Returns true if a sequence starting here is the value of `<<`.
    @discardableResult @inline(__always)
    mutating func checkPlace(of child: Node, line: Int, column: Int, started: Bool = false, maybeMerge: Bool = true) -> Bool {
        guard frames.count > 0 else { return false }
        let top = frames.count - 1
        let frame = frames[top]
        if frame.node.isMapping {
            if (pending.count - frame.first) & 1 == 0 {
                if !child.isScalar {
                    error("mapping keys must be scalars", line: line, column: column)
                } else if maybeMerge, isMergeKey(child) {
                    frames[top].flags |= Frame.hasMerge | Frame.mergeValueNext
                }
            } else if frame.flags & Frame.mergeValueNext != 0 {
                frames[top].flags &= ~Frame.mergeValueNext
                return checkMergeValue(child, line: line, column: column, started: started)
            }
        } else if frame.flags & Frame.mergeList != 0, !child.isMapping {
            error("'<<' sequence items must be mappings", line: line, column: column)
        }
        return false
    }

    private mutating func checkMergeValue(_ value: Node, line: Int, column: Int, started: Bool) -> Bool {
        if value.isMapping { return false }
        if value.isSequence {
            // A sequence that starts here has no children yet: its frame checks them as they
            // come. An alias to a sequence brings its children along.
            if started { return true }
            let (first, count) = arena.base.block(value.ref)
            for i in first..<first + count where !nodes[i].isMapping {
                error("'<<' sequence items must be mappings", line: line, column: column)
                break
            }
            return true
        }
        error("'<<' value must be a mapping or a sequence of mappings", line: line, column: column)
        return false
    }

    /// A plain `<<`, untagged or tagged `!!merge`.
    func isMergeKey(_ key: Node) -> Bool {
        guard key.isPlain else { return false }
        let (text, count) = arena.base.text(key.ref)
        guard count == 2, text[0] == UInt8(ascii: "<"), text[1] == UInt8(ascii: "<") else { return false }
        return !key.isTagged || tags[key.positionKey] == "tag:yaml.org,2002:merge"
    }

    func text(of node: Node) -> String {
        let (bytes, count) = arena.base.text(node.ref)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: Int(node.line), column: node.column)
    }

    mutating func error(_ message: String, line: Int, column: Int, notes: [YAMLNote] = []) {
        let location = SourceLocation(file: file, line: line, column: column)
        errors.append(YAMLError(location: location, message: message, notes: notes))
    }

    /// Reports an error after which parsing stops.
    mutating func fail(_ message: String, line: Int, column: Int) {
        error(message, line: line, column: column)
        stopped = true
    }

    mutating func tooLarge(_ mark: yaml_mark_t?) {
        var (line, column) = (1 + lineOffset, 1)
        if let mark { (line, column) = place(mark) }
        fail("document is too large", line: line, column: column)
    }

    /// Where a parser mark is in the file, counted from 1: a later part of a split file starts
    /// `lineOffset` lines in.
    func place(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
        (mark.line + 1 + lineOffset, mark.column + 1)
    }

    /// The built document, or every error found, in file order.
    consuming func finish() throws(YAMLLoadFailure) -> YAMLDocument {
        if !errors.isEmpty {
            let ordered = errors.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            throw YAMLLoadFailure(errors: ordered.map(\.element))
        }
        if pending.count == 1 {
            nodes.append(pending[0])
        } else {
            nodes.append(Node(line: 1, column: 1, flags: Node.plainBit, ref: emptyText()))
        }
        nodes.shrinkToFit()
        arena.shrinkToFit()
        keyIndex.slots.shrinkToFit()
        return YAMLDocument(file: file, nodes: nodes, arena: arena, keyIndex: keyIndex, tags: tags)
    }
}
