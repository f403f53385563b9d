import Foundation
import RosterYAML
#if canImport(Glibc)
import Glibc
#endif

/// The people a pull-request plan need not parse twice: in each base file, a person entry whose
/// text is the working file's entry of the same name, byte for byte, is blanked out (its lines
/// kept empty, so every other place stays where it was) before the base is parsed. The working
/// config was parsed already, and its entries tell where each one is: a file whose entries are
/// not where its lines say (another indentation, a quoted or flow-style name) is parsed whole.
/// An entry holding a `*` or a `&` (an alias or an anchor, maybe, whose meaning depends on other
/// entries) is never blanked, nor the last one of a block (so that `people:` keeps a mapping).
/// The trimmed base's parse must then find its entries on the lines the scan said, or the base
/// is parsed whole.
enum PeopleText {
    /// One entry of a top-level `people:` block: where its name and its lines are.
    struct Entry: Equatable {
        var name: Range<Int>
        /// 1-based, as YAML places count.
        var line: Int
        var bytes: Range<Int>
    }

    /// What `trim` gives: the base files' bytes with the entries the working files have unchanged
    /// blanked, by path; the positions, among the working config's people, of those unchanged;
    /// and, by base file, the lines of the entries left, which the trimmed base's parse must find.
    struct Trimmed {
        var replacing: [String: [UInt8]] = [:]
        var unchanged: Set<Int> = []
        var kept: [String: [Int]] = [:]

        /// Whether the trimmed base's people are where the scan of its lines said: a base entry
        /// the scan mistook (a line inside quoted text that looks like one) fails it.
        func agrees(with base: RosterConfig) -> Bool {
            let found = PeopleText.places(of: base)
            return kept.allSatisfy { file, lines in found[file]?.lines ?? [] == lines }
        }
    }

    /// A config's person entries, by file: the lines its parse put them on, and the position of
    /// the file's first among all people.
    static func places(of config: RosterConfig) -> [String: (first: Int, lines: [Int])] {
        var parsed: [String: (first: Int, lines: [Int])] = [:]
        var file = ""
        var document: YAMLDocument?
        for (position, entry) in config.personEntries.enumerated() {
            if entry.key.document !== document {
                // Another file, or the second part of one (its lines go on from the first's).
                document = entry.key.document
                file = entry.key.location.file
                if parsed[file] == nil { parsed[file] = (position, []) }
            }
            parsed[file]!.lines.append(entry.key.line)
        }
        return parsed
    }

    static func trim(base: [String], working: [String], config: RosterConfig) -> Trimmed {
        let parsed = places(of: config)
        let workingByName = Dictionary(working.map { (($0 as NSString).lastPathComponent, $0) }) { a, _ in a }
        var result = Trimmed()
        for file in base {
            guard let counterpart = workingByName[(file as NSString).lastPathComponent], let places = parsed[counterpart],
                  let baseBytes = FileManager.default.contents(atPath: file).map(Array.init),
                  let workingBytes = FileManager.default.contents(atPath: counterpart).map(Array.init),
                  let baseEntries = entries(baseBytes), let workingEntries = entries(workingBytes),
                  workingEntries.map(\.line) == places.lines
            else { continue }
            // An entry usually sits at the same place in both: matched by place, else by name.
            var byName: [String: Int]?
            var trimmed: [UInt8] = []
            trimmed.reserveCapacity(baseBytes.count / 8)
            var copied = 0
            var kept: [Int] = []
            for (k, entry) in baseEntries.dropLast().enumerated() {
                var match = k < workingEntries.count && same(baseBytes, entry.name, workingBytes, workingEntries[k].name) ? k : nil
                if match == nil {
                    if byName == nil {
                        byName = Dictionary(workingEntries.enumerated().map { (string(workingBytes, $0.element.name), $0.offset) }) { a, _ in a }
                    }
                    match = byName?[string(baseBytes, entry.name)]
                }
                // Not an entry with an alias or an anchor: what either means depends on others.
                guard let match, same(baseBytes, entry.bytes, workingBytes, workingEntries[match].bytes),
                      !contains(baseBytes, entry.bytes, UInt8(ascii: "*")), !contains(baseBytes, entry.bytes, UInt8(ascii: "&"))
                else {
                    kept.append(entry.line)
                    continue
                }
                // The entry's lines, each left a bare comment (a blank line could join the text
                // of a `|+` scalar above).
                trimmed += baseBytes[copied..<entry.bytes.lowerBound]
                for _ in 0..<(baseEntries[k + 1].line - entry.line) { trimmed += Self.commentLine }
                copied = entry.bytes.upperBound
                result.unchanged.insert(places.first + match)
            }
            guard copied > 0 else { continue }
            trimmed += baseBytes[copied...]
            result.replacing[file] = trimmed
            result.kept[file] = kept + [baseEntries[baseEntries.count - 1].line]
        }
        return result
    }

    private static let commentLine = Array("#\n".utf8)

    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Whether a range holds a byte.
    private static func contains(_ bytes: [UInt8], _ range: Range<Int>, _ byte: UInt8) -> Bool {
        bytes.withUnsafeBufferPointer { memchr($0.baseAddress! + range.lowerBound, Int32(byte), range.count) != nil }
    }

    /// Whether two ranges hold the same bytes.
    private static func same(_ a: [UInt8], _ x: Range<Int>, _ b: [UInt8], _ y: Range<Int>) -> Bool {
        guard x.count == y.count else { return false }
        return x.isEmpty || a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in memcmp(a.baseAddress! + x.lowerBound, b.baseAddress! + y.lowerBound, x.count) == 0 }
        }
    }

    /// The entries of a file's top-level `people:` block (two spaces in, then a plain name and a
    /// colon); nil when there is none, more than one, or an entry line it cannot read.
    static func entries(_ bytes: [UInt8]) -> [Entry]? {
        guard case .lines(let block) = ConfigLines.block("people", in: bytes) else { return nil }
        var entries: [Entry] = []
        // The line number of the block's first line (1-based, as YAML places count).
        var number = 1 + bytes[..<block.lowerBound].count { $0 == UInt8(ascii: "\n") }
        var unreadable = false
        ConfigLines.forEachLine(bytes, from: block.lowerBound) { line in
            guard line.lowerBound < block.upperBound else { return false }
            defer { number += 1 }
            let text = bytes[line]
            // Two spaces in, then a name: an entry (the block's own line and deeper ones are not).
            guard text.count > 2, text[line.lowerBound] == UInt8(ascii: " "), text[line.lowerBound + 1] == UInt8(ascii: " "),
                  !ConfigLines.continues(text[line.lowerBound + 2]) else { return true }
            guard let name = Self.name(text.dropFirst(2)) else {
                unreadable = true
                return false
            }
            entries.append(Entry(name: name, line: number, bytes: line))
            return true
        }
        if unreadable { return nil }
        // Each entry runs to the next one, or to the end of the block.
        for i in entries.indices {
            entries[i].bytes = entries[i].bytes.lowerBound..<(i + 1 < entries.count ? entries[i + 1].bytes.lowerBound : block.upperBound)
        }
        return entries
    }

    /// Where a plain name is (letters, digits, `.`, `_`, `-`, `@`, `+`, or any non-ASCII) up to `:`
    /// followed by a blank or the line's end; nil for anything else.
    private static func name(_ text: ArraySlice<UInt8>) -> Range<Int>? {
        let plain = { (byte: UInt8) -> Bool in
            byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "._-@+".utf8.contains(byte)
        }
        guard let first = text.first, plain(first), first != UInt8(ascii: "-"),
              let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let after = text.index(after: colon)
        guard after == text.endIndex || [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(text[after]),
              text[text.startIndex..<colon].allSatisfy(plain) else { return nil }
        return text.startIndex..<colon
    }
}
