import CYAML
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A large file parsed in two parts, one per core.
///
/// A config of many people is one long block mapping under a top-level key. The file is cut at a
/// line near its middle that starts an entry of that mapping; the first part is parsed as it is,
/// the second as `KEY:` followed by the rest of the file, with its lines numbered as in the file.
/// Every node then has the place it has in the file, and the two documents read like two files of
/// a config folder whose `KEY` mapping continues from one to the other.
///
/// The cut is kept only when it is certainly a cut between two entries: both parts parse without
/// any error, the first ends inside `KEY`'s mapping, the second's entries have the same
/// indentation, and no key of the second part is in the first. Otherwise (an alias to an anchor
/// across the cut, a flow collection or quoted text across it, a duplicate, any error at all) the
/// file is parsed once, whole, and reports exactly what a whole parse reports. Each part is held to
/// the `YAMLLimits` on its own.
extension YAMLDocument {
    /// Files smaller than this are parsed whole: a second thread is not worth it.
    public static let partsThreshold = 4 << 20

    /// Whether the machine has a second core to parse or resolve a part on: the one rule for
    /// splitting a large config's work in two.
    public static var hasSecondCore: Bool { sysconf(Int32(_SC_NPROCESSORS_ONLN)) >= 2 }

    /// The file's document, or its two parts (see above) when it is large and there is a core
    /// for each.
    public static func loadParts(path: String, limits: YAMLLimits = .init(),
                                 threshold: Int = partsThreshold) throws(YAMLLoadFailure) -> [YAMLDocument] {
        if hasSecondCore, let parts = Split.load(path: path, limits: limits, threshold: threshold) {
            return parts
        }
        return [try load(path: path, limits: limits)]
    }
}

enum Split {
    /// How far from the middle a cut is looked for.
    static let window = 256 << 10

    static func load(path: String, limits: YAMLLimits, threshold: Int) -> [YAMLDocument]? {
        guard let file = PositionalFile(path: path) else { return nil }
        let size = file.size
        guard size >= threshold, size <= limits.maxFileSize, file.looksLikeUTF8(),
              let cut = file.cut(near: size / 2) else { return nil }

        // The second part, on another core: find the key it continues and count the lines
        // before it, then parse.
        final class Second: @unchecked Sendable { var document: YAMLDocument? }
        let second = Second()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            guard let (key, lines) = file.enclosingKey(before: cut) else { return }
            var prefix = Array(key.utf8)
            prefix.append(contentsOf: Array(":\n".utf8))
            // The prefix is line 1 of this part; the cut's line is line `lines + 1` of the file.
            second.document = parse(path: path, file: file, from: cut, to: size, prefix: prefix,
                                    lineOffset: lines - 1, limits: limits)
        }
        let first = parse(path: path, file: file, from: 0, to: cut, prefix: [], lineOffset: 0, limits: limits)
        group.wait()
        guard let first, let second = second.document, fits(first, second) else { return nil }
        return [first, second]
    }

    /// One part: `prefix`, then bytes `from..<to` of the file; nil on any error.
    static func parse(path: String, file: PositionalFile, from: Int, to: Int, prefix: [UInt8], lineOffset: Int,
                      limits: YAMLLimits) -> YAMLDocument? {
        let reader = SliceReader(file: file, from: from, to: to, prefix: prefix)
        // Each part gets its own copy of the name: every location made from its nodes holds the
        // name, and two cores resolving the two parts would otherwise count references to one
        // shared string, each write taking the cache line from the other core.
        var builder = DocumentBuilder(file: String(decoding: Array(path.utf8), as: UTF8.self), limits: limits,
                                      expectedBytes: to - from)
        builder.lineOffset = lineOffset
        EventLoop.run(&builder, source: .file(path)) { parser in
            yaml_parser_set_input(parser, { data, buffer, size, sizeRead in
                guard let data, let buffer, let sizeRead else { return 0 }
                let reader = Unmanaged<SliceReader>.fromOpaque(data).takeUnretainedValue()
                guard let read = reader.read(into: buffer, size) else { return 0 }
                sizeRead.pointee = read
                return 1
            }, Unmanaged.passUnretained(reader).toOpaque())
        }
        guard !reader.failed else { return nil }
        return try? builder.finish()
    }

    /// Whether the second part continues the first's last mapping, as the cut assumed.
    static func fits(_ first: YAMLDocument, _ second: YAMLDocument) -> Bool {
        let root1 = first.root, root2 = second.root
        guard root1.kind == .mapping, root2.kind == .mapping, let last = root1.entries.last,
              let continued = root2.entries.first, last.key.column == 1,
              last.key.scalar != nil, last.key.scalar == continued.key.scalar,
              last.value.kind == .mapping, continued.value.kind == .mapping,
              let before = last.value.entries.first, let after = continued.value.entries.first,
              before.key.column == after.key.column else { return false }
        // No key twice: in the continued mapping, or at the top after it.
        for entry in continued.value.entries where has(last.value, entry.key) { return false }
        for entry in root2.entries.dropFirst() where has(root1, entry.key) { return false }
        return true
    }

    /// Whether a mapping has an entry with this key's text.
    static func has(_ mapping: YAMLNode, _ key: YAMLNode) -> Bool {
        guard let text = key.scalar else { return true }
        return mapping[text] != nil
    }
}

/// A regular file read at given offsets.
final class PositionalFile: @unchecked Sendable {
    let descriptor: Int32
    let size: Int

    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(at offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            guard let n = bytes.withUnsafeMutableBytes({ readSome(into: $0.baseAddress! + done, count - done, at: offset + done) })
            else { return nil }
            done += n
        }
        return bytes
    }

    /// One `pread` of at most `count` bytes (tried again when a signal interrupts it): the bytes
    /// read, or nil at the end of the file or on an error.
    func readSome(into buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int) -> Int? {
        while true {
            let n = pread(descriptor, buffer, count, off_t(offset))
            if n < 0 && errno == EINTR { continue }
            return n > 0 ? n : nil
        }
    }

    /// Not UTF-16 or UTF-32: no byte order mark and no zero byte at the start.
    func looksLikeUTF8() -> Bool {
        guard let start = read(at: 0, count: 4) else { return false }
        return !start.contains(0) && start[0] != 0xFE && start[0] != 0xFF
    }

    /// The offset of a line at or after `middle` that starts like an entry of a block mapping
    /// nested one level: spaces, then a plain key followed by `:`; of the key lines in the window
    /// after `middle`, the first of the least indented (a person's own keys are indented more
    /// than the person).
    func cut(near middle: Int) -> Int? {
        let count = min(Split.window, size - middle)
        guard count > 0, let window = read(at: middle, count: count) else { return nil }
        guard var start = window.firstIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) else { return nil }
        var best: (offset: Int, indent: Int)?
        while start < window.count {
            guard let end = window[start...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            if let indent = Self.nestedKeyIndent(window[start..<end]), indent < best?.indent ?? .max {
                best = (middle + start, indent)
            }
            start = end + 1
        }
        return best?.offset
    }

    /// The indentation of a line that is spaces, then a plain key and `:`; nil for other lines.
    static func nestedKeyIndent(_ line: ArraySlice<UInt8>) -> Int? {
        guard let first = line.firstIndex(where: { $0 != UInt8(ascii: " ") }), first > line.startIndex else { return nil }
        guard let colon = line[first...].firstIndex(of: UInt8(ascii: ":")), colon > first else { return nil }
        guard line[first..<colon].allSatisfy(isPlainKeyByte) else { return nil }
        let after = colon + 1
        guard after == line.endIndex || line[after] == UInt8(ascii: " ") || line[after] == UInt8(ascii: "\r") else { return nil }
        return first - line.startIndex
    }

    static func isPlainKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "@"):
            return true
        default: return false
        }
    }

    /// The last top-level key before `offset` (a line at column 1 that is a plain key and `:`),
    /// and the number of lines before `offset`.
    /// Nil also when the text before `offset` has a line break other than LF or CRLF (a lone CR,
    /// NEL, LS, PS): libyaml counts those as lines, and the count here would not match its own.
    /// Runs on the second part's core before it parses, so it searches with `memchr` and reads
    /// a whole line only when it starts at column 1 with something other than a comment.
    func enclosingKey(before offset: Int) -> (key: String, lines: Int)? {
        var lines = 0
        var key: String?
        var position = 0
        let chunk = 1 << 20
        // The start of a line that began in an earlier chunk.
        var carried: [UInt8]?
        // The last two bytes of the chunk before: a break can straddle two chunks.
        var tail: [UInt8] = []
        while position < offset {
            guard let bytes = read(at: position, count: min(chunk, offset - position)) else { return nil }
            guard Self.onlyLFAndCRLF(tail + bytes.prefix(2)), Self.onlyLFAndCRLF(bytes) else { return nil }
            tail = Array(bytes.suffix(2))
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                var start = 0
                while start < buffer.count {
                    guard let found = memchr(base + start, 0x0A, buffer.count - start) else {
                        if carried != nil || Self.mayBeKey(buffer[start]) {
                            carried = (carried ?? []) + Array(buffer[start...])
                        }
                        return
                    }
                    let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    lines += 1
                    if var line = carried {
                        line += Array(buffer[start..<end])
                        if let found = Self.topLevelKey(line) { key = found }
                        carried = nil
                    } else if end > start, Self.mayBeKey(buffer[start]), let found = Self.topLevelKey(Array(buffer[start..<end])) {
                        key = found
                    }
                    start = end + 1
                }
            }
            position += bytes.count
        }
        guard let key else { return nil }
        return (key, lines)
    }

    /// A line starting with this byte may be a top-level key: not indented, not a comment.
    static func mayBeKey(_ byte: UInt8) -> Bool {
        byte != UInt8(ascii: " ") && byte != UInt8(ascii: "#") && byte != 0x0D
    }

    /// No line break but LF and CRLF in these bytes (one cut short at their end is checked again
    /// with the next chunk's first bytes): no lone CR, NEL (C2 85), LS or PS (E2 80 A8, E2 80 A9).
    static func onlyLFAndCRLF(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            func each(_ byte: Int32, _ body: (Int) -> Bool) -> Bool {
                var from = 0
                while from < buffer.count, let found = memchr(base + from, byte, buffer.count - from) {
                    let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    if !body(at) { return false }
                    from = at + 1
                }
                return true
            }
            let count = buffer.count
            return each(0x0D) { at in at + 1 == count || buffer[at + 1] == 0x0A }
                && each(0xC2) { at in at + 1 >= count || buffer[at + 1] != 0x85 }
                && each(0xE2) { at in at + 2 >= count || buffer[at + 1] != 0x80 || (buffer[at + 2] != 0xA8 && buffer[at + 2] != 0xA9) }
        }
    }

    /// `key:` at column 1, with nothing after it but spaces or a comment.
    static func topLevelKey(_ line: [UInt8]) -> String? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              line[..<colon].allSatisfy(isPlainKeyByte), line[0] != UInt8(ascii: "-") else { return nil }
        let rest = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
        guard rest.isEmpty || rest.first == UInt8(ascii: "#") else { return nil }
        return String(decoding: line[..<colon], as: UTF8.self)
    }
}

/// Feeds libyaml a prefix, then a byte range of a file.
final class SliceReader {
    let file: PositionalFile
    var position: Int
    let end: Int
    var prefix: [UInt8]
    var prefixUsed = 0
    private(set) var failed = false

    init(file: PositionalFile, from: Int, to: Int, prefix: [UInt8]) {
        self.file = file
        position = from
        end = to
        self.prefix = prefix
    }

    /// Bytes copied into `buffer` (0 at the end), or nil on a read error.
    func read(into buffer: UnsafeMutablePointer<UInt8>, _ size: Int) -> Int? {
        if prefixUsed < prefix.count {
            let count = min(size, prefix.count - prefixUsed)
            prefix.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + prefixUsed, count: count) }
            prefixUsed += count
            return count
        }
        let count = min(size, end - position)
        guard count > 0 else { return 0 }
        // The file ending before `end` is an error too: it changed since its size was taken.
        guard let n = file.readSome(into: buffer, count, at: position) else {
            failed = true
            return nil
        }
        position += n
        return n
    }
}
