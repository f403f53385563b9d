import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RosterYAML

/// A config's backends read without its people: the top-level `backends:` block cut out of the
/// one file that has it, by its lines, and read as a config of its own. A pull-request plan
/// connects with these while both configs load; the full load then has to agree (it decides).
extension ConfigLoader {
    /// The backends of the config at `path`; nil when the block cannot be cut out plainly (no
    /// such line, one in two files, a flow mapping, an alias to an anchor outside it) or has any
    /// problem.
    public func backendsAlone(path: String) -> RosterConfig? {
        guard let files = try? Self.files(at: path) else { return nil }
        var found: (file: String, bytes: [UInt8])?
        for file in files {
            guard Self.isRegularFile(file), let data = FileManager.default.contents(atPath: file),
                  data.count <= limits.maxFileSize else { return nil }
            switch Self.backendsBlock(Array(data)) {
            case .none: continue
            case .ambiguous: return nil
            case .block(let bytes):
                if found != nil { return nil }
                found = (file, bytes)
            }
        }
        guard let found else { return nil }
        // The block alone, with the version every config has.
        let bytes = Array("version: 1\n".utf8) + found.bytes
        let base = Self.baseDirectory(of: path)
        var config: RosterConfig
        do { config = try load(bytes: bytes, file: found.file, baseDirectory: base, backendsOnly: true) } catch { return nil }
        guard config.warnings.isEmpty else { return nil }
        config.baseDirectory = base
        return config
    }

    enum BackendsBlock: Equatable {
        case none, ambiguous
        case block([UInt8])
    }

    /// The lines of a top-level `backends:` key (alone on its line, or with a comment) up to the
    /// next line that starts at the first column with anything but a comment.
    static func backendsBlock(_ bytes: [UInt8]) -> BackendsBlock {
        let key = Array("backends".utf8)
        let continuing: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#")]
        var start: Int?, end = bytes.count
        var line = 0
        while line < bytes.count {
            // The next line's start, found with memchr (a config of 100,000 people is 20 MB).
            let next = bytes.withUnsafeBufferPointer { buffer -> Int in
                guard let found = memchr(buffer.baseAddress! + line, Int32(UInt8(ascii: "\n")), buffer.count - line) else {
                    return buffer.count
                }
                return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            let first = bytes[line]
            // A top-level key in quotes, a flow collection, an anchor, alias or tag: what the
            // lines say is not plain enough to cut by them.
            if Self.unplain.contains(first) { return .ambiguous }
            if first == UInt8(ascii: "b") {
                guard Self.isBackendsKey(bytes[line..<next], key) else {
                    // `backends: {…}` or a key spelled otherwise: not cut out by lines.
                    if bytes[line..<next].starts(with: key) { return .ambiguous }
                    if let from = start, end == bytes.count, line > from { end = line }
                    line = next
                    continue
                }
                if start != nil { return .ambiguous }
                start = line
            } else if let from = start, end == bytes.count, line > from, !continuing.contains(first) {
                end = line
            }
            line = next
        }
        guard let start else { return .none }
        return .block(Array(bytes[start..<end]))
    }

    private static let unplain: Set<UInt8> = Set("\"'{[?&*!|>%@`".utf8)

    /// `backends:` at the first column, then only blanks or a comment.
    private static func isBackendsKey(_ line: ArraySlice<UInt8>, _ key: [UInt8]) -> Bool {
        guard line.starts(with: key) else { return false }
        var rest = line.dropFirst(key.count).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard rest.first == UInt8(ascii: ":") else { return false }
        rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return rest.isEmpty || [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#")].contains(rest.first!)
    }
}
