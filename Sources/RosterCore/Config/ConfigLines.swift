#if canImport(Glibc)
import Glibc
#endif

/// A config file read as lines of bytes, without a YAML parse: what a pull-request plan reads of
/// it before (the `backends:` block) or instead of (REF's unchanged people) parsing it.
enum ConfigLines {
    enum Block: Equatable {
        case none, ambiguous
        /// The block's bytes: its key's line up to the next line at the first column.
        case lines(Range<Int>)
    }

    /// The lines of the top-level `key:` (alone on its line, or with a comment) up to the next line
    /// that starts at the first column with anything but a comment. Ambiguous when the key is
    /// there twice, spelled otherwise (`key: {…}`, `keys:`), or when any top-level line is not
    /// plain enough to cut by lines (a key in quotes, a flow collection, an anchor, alias or tag).
    static func block(_ key: String, in bytes: [UInt8]) -> Block {
        let key = Array(key.utf8)
        var start: Int?, end = bytes.count
        var ambiguous = false
        forEachLine(bytes) { line in
            let first = bytes[line.lowerBound]
            guard !continues(first) else { return true }
            if unplain.contains(first) || (bytes[line].starts(with: key) && !isBareKey(bytes[line], key)) {
                ambiguous = true
                return false
            }
            if let from = start, end == bytes.count, line.lowerBound > from { end = line.lowerBound }
            if isBareKey(bytes[line], key) {
                if start != nil {
                    ambiguous = true
                    return false
                }
                start = line.lowerBound
            }
            return true
        }
        if ambiguous { return .ambiguous }
        return start.map { .lines($0..<end) } ?? .none
    }

    /// Each line's range, its newline included, found with memchr (a config of 100,000 people is
    /// 20 MB); `body` returns false to stop.
    static func forEachLine(_ bytes: [UInt8], from start: Int = 0, _ body: (Range<Int>) -> Bool) {
        var line = start
        while line < bytes.count {
            let next = bytes.withUnsafeBufferPointer { buffer -> Int in
                guard let found = memchr(buffer.baseAddress! + line, Int32(UInt8(ascii: "\n")), buffer.count - line) else {
                    return buffer.count
                }
                return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            guard body(line..<next) else { return }
            line = next
        }
    }

    /// A line that goes on with what is above it: indented, blank or a comment.
    static func continues(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "#")
    }

    private static let unplain: Set<UInt8> = Set("\"'{[?&*!|>%@`".utf8)

    /// `key:` at the line's start (blanks before the colon allowed), then only blanks or a comment.
    static func isBareKey(_ line: ArraySlice<UInt8>, _ key: [UInt8]) -> Bool {
        guard line.starts(with: key) else { return false }
        var rest = line.dropFirst(key.count).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard rest.first == UInt8(ascii: ":") else { return false }
        rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return rest.isEmpty || [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#")].contains(rest.first!)
    }
}
