import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The people a pull-request plan need not parse twice: in each base file, a person entry whose
/// text is the working file's entry of the same name, byte for byte, is blanked out (its lines
/// kept empty, so every other place stays where it was) before the base is parsed. The working
/// config was parsed already, and its entries tell where each one is: a file whose entries are
/// not where its lines say (another indentation, a quoted or flow-style name) is parsed whole.
/// An entry holding a `*` (an alias, maybe, whose anchor may have changed elsewhere) is never
/// blanked, nor the last one of a block (so that `people:` keeps a mapping).
enum PeopleText {
    /// One entry of a top-level `people:` block: its name and its lines' bytes.
    struct Entry: Equatable {
        var name: String
        /// 1-based, as YAML places count.
        var line: Int
        var bytes: Range<Int>
    }

    /// The base files' bytes with the entries the working files have unchanged blanked, by path;
    /// and the names blanked (those people are unchanged).
    static func trim(base: [String], working: [String], config: RosterConfig) -> (replacing: [String: [UInt8]], unchanged: Set<String>) {
        // The working config's entries, by file: where its parse put them.
        var parsed: [String: [(name: String, line: Int)]] = [:]
        for entry in config.personEntries {
            parsed[entry.key.location.file, default: []].append((entry.key.scalar ?? "", entry.key.line))
        }
        let workingByName = Dictionary(working.map { (($0 as NSString).lastPathComponent, $0) }) { a, _ in a }
        var replacing: [String: [UInt8]] = [:]
        var unchanged = Set<String>()
        for file in base {
            guard let counterpart = workingByName[(file as NSString).lastPathComponent],
                  let baseBytes = FileManager.default.contents(atPath: file).map(Array.init),
                  let workingBytes = FileManager.default.contents(atPath: counterpart).map(Array.init),
                  let baseEntries = entries(baseBytes), let workingEntries = entries(workingBytes),
                  workingEntries.map(\.name) == (parsed[counterpart] ?? []).map(\.name),
                  workingEntries.map(\.line) == (parsed[counterpart] ?? []).map(\.line)
            else { continue }
            let texts = Dictionary(workingEntries.map { ($0.name, workingBytes[$0.bytes]) }) { a, _ in a }
            var trimmed = baseBytes
            var blanked = 0
            for entry in baseEntries.dropLast() {
                let text = baseBytes[entry.bytes]
                guard let theirs = texts[entry.name], theirs.count == text.count, !text.contains(UInt8(ascii: "*")),
                      theirs.elementsEqual(text) else { continue }
                for i in entry.bytes where trimmed[i] != UInt8(ascii: "\n") { trimmed[i] = UInt8(ascii: " ") }
                unchanged.insert(entry.name)
                blanked += 1
            }
            if blanked > 0 { replacing[file] = trimmed }
        }
        return (replacing, unchanged)
    }

    /// The entries of a file's top-level `people:` block (two spaces in, then a plain name and a
    /// colon); nil when there is none, more than one, or an entry line it cannot read.
    static func entries(_ bytes: [UInt8]) -> [Entry]? {
        var entries: [Entry] = []
        var inBlock = false, seen = false
        var line = 0, number = 1
        var blockEnd = bytes.count
        while line < bytes.count {
            let next = bytes.withUnsafeBufferPointer { buffer -> Int in
                guard let found = memchr(buffer.baseAddress! + line, Int32(UInt8(ascii: "\n")), buffer.count - line) else {
                    return buffer.count
                }
                return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            let text = bytes[line..<next]
            let first = bytes[line]
            if !Self.continues(first) {
                if inBlock {
                    blockEnd = line
                    inBlock = false
                }
                if text.starts(with: Self.peopleKey) {
                    guard !seen, Self.isBareKey(text.dropFirst(Self.peopleKey.count)) else { return nil }
                    inBlock = true
                    seen = true
                }
            } else if inBlock, first == UInt8(ascii: " "), text.count > 2, text[line + 1] == UInt8(ascii: " "),
                      !Self.continues(text[line + 2]) || text[line + 2] == UInt8(ascii: "#") {
                if text[line + 2] != UInt8(ascii: "#") {
                    guard let name = Self.name(text.dropFirst(2)) else { return nil }
                    entries.append(Entry(name: name, line: number, bytes: line..<next))
                }
            }
            line = next
            number += 1
        }
        guard seen else { return nil }
        // Each entry runs to the next one, or to the end of the block.
        for i in entries.indices {
            entries[i].bytes = entries[i].bytes.lowerBound..<(i + 1 < entries.count ? entries[i + 1].bytes.lowerBound : blockEnd)
        }
        return entries
    }

    private static let peopleKey = Array("people".utf8)

    /// A line that goes on with what is above it: indented, blank or a comment.
    private static func continues(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "#")
    }

    /// After `people`: blanks, a colon, then nothing but blanks or a comment.
    private static func isBareKey(_ rest: ArraySlice<UInt8>) -> Bool {
        var rest = rest.drop { $0 == UInt8(ascii: " ") }
        guard rest.first == UInt8(ascii: ":") else { return false }
        rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return rest.isEmpty || [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#")].contains(rest.first!)
    }

    /// A plain name (letters, digits, `.`, `_`, `-`, `@`, `+`, or any non-ASCII) up to `:` followed
    /// by a blank or the line's end; nil for anything else.
    private static func name(_ text: ArraySlice<UInt8>) -> String? {
        let plain = { (byte: UInt8) -> Bool in
            byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "._-@+".utf8.contains(byte)
        }
        guard let first = text.first, plain(first), first != UInt8(ascii: "-"),
              let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let after = text.index(after: colon)
        guard after == text.endIndex || [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(text[after]) else { return nil }
        let name = text[text.startIndex..<colon]
        guard name.allSatisfy(plain) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
