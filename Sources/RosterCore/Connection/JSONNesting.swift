import Foundation

/// Foundation's JSON reader (`JSONDecoder`, `JSONSerialization`, Swift 6.3.1 on Linux) traps
/// instead of throwing on some input nested past its limit of 512: 513 `[` and nothing after
/// crash the process (found by `fuzz-json`; kept in `Fuzz/regressions/json/`). Every JSON that
/// roster did not write itself goes through `JSONNesting.decode` or `tooDeep` before Foundation
/// reads it.
public enum JSONNesting {
    /// Deepest nesting handed to Foundation; deeper is refused as not JSON roster reads.
    public static let limit = 256

    /// Whether arrays and objects nest deeper than `limit` (brackets inside strings not counted).
    public static func tooDeep<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// `JSONDecoder().decode`, refusing what nests too deep before Foundation sees it.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if tooDeep(data) { throw TooDeep() }
        return try JSONDecoder().decode(type, from: data)
    }

    public struct TooDeep: Error, CustomStringConvertible {
        public var description: String { "JSON nested deeper than \(JSONNesting.limit) levels" }
    }
}
