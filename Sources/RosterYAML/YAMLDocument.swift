import CYAML

/// A parsed YAML file: an immutable DAG of nodes that keep their file:line:column.
///
/// - Only the first document of a stream is read; a second one is an error.
/// - An alias is its anchored node (same place, same children), never a copy; the nodes that
///   aliases reach are counted against `YAMLLimits.maxAliasExpansion`.
/// - Merge keys (`<<`) are applied: merged entries follow the explicit ones, see
///   `YAMLNode.entries`.
/// - Loading fails with every problem found: duplicate keys, non-scalar keys, unknown aliases,
///   bad merges, and the first syntax or encoding error, which ends the parse.
///
/// All nodes live in one flat buffer of 12-byte records and all scalar text in one byte arena;
/// `YAMLNode` is a handle into them. Strings are made only when asked for.
public final class YAMLDocument: Sendable {
    /// The file name given to `load` or `parse`, used in every location.
    public let file: String
    let nodes: RawBuffer<Node>
    let arena: RawBuffer<UInt8>
    let keyIndex: KeyIndex
    /// Explicit tags, by `Node.positionKey`.
    let tags: [UInt64: String]

    init(file: String, nodes: consuming RawBuffer<Node>, arena: consuming RawBuffer<UInt8>, keyIndex: consuming KeyIndex, tags: [UInt64: String]) {
        self.file = file
        self.nodes = nodes
        self.arena = arena
        self.keyIndex = keyIndex
        self.tags = tags
    }

    /// The top node; for an empty file, a null scalar at 1:1.
    public var root: YAMLNode { YAMLNode(document: self, index: nodes.count - 1) }

    /// Distinct nodes stored (an alias shares its anchor's node and children).
    public var nodeCount: Int { nodes.count }

    /// Bytes of memory the document holds, not counting the Swift object itself.
    public var storageBytes: Int {
        nodes.capacity * MemoryLayout<Node>.stride + arena.capacity + keyIndex.slots.capacity * 4
    }

    /// Loads the first document of the YAML file at `path`, read through libyaml's file input.
    public static func load(path: String, limits: YAMLLimits = .init()) throws(YAMLLoadFailure) -> YAMLDocument {
        let input = try InputFile(path: path, maxSize: limits.maxFileSize)
        var builder = DocumentBuilder(file: path, limits: limits, expectedBytes: input.size)
        let reader = input.isRegular ? nil : LimitedReader(handle: input.handle, maxSize: limits.maxFileSize)
        EventLoop.run(&builder, source: .file(path)) { parser in
            if let reader {
                LimitedReader.attach(reader, to: parser)
            } else {
                yaml_parser_set_input_file(parser, input.handle)
            }
        }
        if let reader, reader.exceeded {
            let location = SourceLocation(file: path, line: 1, column: 1)
            throw YAMLLoadFailure(errors: [YAMLError(location: location, message: InputFile.tooLargeMessage(limits.maxFileSize))])
        }
        return try builder.finish()
    }

    /// Parses YAML text; `file` names it in locations.
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .init()) throws(YAMLLoadFailure) -> YAMLDocument {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(YAMLLoadFailure) in try parse(buffer: buffer, file: file, limits: limits) }
        }
        return try result.get()
    }

    /// Parses YAML bytes (UTF-8, or UTF-16 with a byte order mark); `file` names them in locations.
    public static func parse(bytes: [UInt8], file: String, limits: YAMLLimits = .init()) throws(YAMLLoadFailure) -> YAMLDocument {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLLoadFailure) in try parse(buffer: buffer, file: file, limits: limits) }
        }
        return try result.get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>, file: String, limits: YAMLLimits) throws(YAMLLoadFailure) -> YAMLDocument {
        guard buffer.count <= limits.maxFileSize else {
            let location = SourceLocation(file: file, line: 1, column: 1)
            throw YAMLLoadFailure(errors: [YAMLError(location: location, message: InputFile.tooLargeMessage(limits.maxFileSize))])
        }
        var builder = DocumentBuilder(file: file, limits: limits, expectedBytes: buffer.count)
        EventLoop.run(&builder, source: .bytes(buffer)) { parser in
            yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(EventLoop.emptyInput), buffer.count)
        }
        return try builder.finish()
    }
}
