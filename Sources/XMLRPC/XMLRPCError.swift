/// A malformed XML-RPC document, with where it went wrong when known.
public struct XMLRPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Byte offset into the input, 0-based.
    public var offset: Int?
    /// 1-based line and column (in bytes) of `offset`.
    public var line: Int?
    public var column: Int?

    public init(_ message: String, offset: Int? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// An error at `offset` in `input`, with line and column worked out.
    init(_ message: String, at offset: Int, in input: [UInt8]) {
        var line = 1
        var lineStart = 0
        let end = min(offset, input.count)
        var index = 0
        while index < end {
            if input[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        self.init(message, offset: offset, line: line, column: end - lineStart + 1)
    }

    public var description: String {
        guard let line, let column else {
            if let offset { return "\(message) (at byte \(offset))" }
            return message
        }
        return "\(line):\(column): \(message)"
    }
}
