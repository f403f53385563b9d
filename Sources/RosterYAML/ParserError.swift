import CYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libyaml's error, turned into a `YAMLError` at the right place.
enum ParserError {
    static func make(_ parser: yaml_parser_t, source: InputSource, file: String) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_READER_ERROR:
            var offset = parser.problem_offset, value = parser.problem_value
            if problem == "invalid trailing UTF-8 octet" {
                // libyaml points at the byte after the sequence's start; the start is the culprit.
                let before = bytes(in: max(0, offset - 3)..<offset, of: source)
                if let lead = before.lastIndex(where: { $0 >= 0xC0 }) {
                    offset -= before.count - lead
                    value = Int32(before[lead])
                }
            } else if problem == "incomplete UTF-8 octet sequence", let byte = bytes(in: offset..<offset + 1, of: source).first {
                value = Int32(byte)
            }
            let (line, column) = position(ofByte: offset, in: source)
            let location = SourceLocation(file: file, line: line, column: column)
            return readerError(problem, value: value, at: location)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var notes: [YAMLNote] = []
            if let context = parser.context {
                notes.append(YAMLNote(location: location(parser.context_mark, file), message: String(cString: context)))
            }
            return hinted(YAMLError(location: location(parser.problem_mark, file), message: problem, notes: notes),
                          source: source)
        case YAML_MEMORY_ERROR:
            return YAMLError(location: location(parser.mark, file), message: "out of memory")
        default:
            return YAMLError(location: location(parser.problem_mark, file), message: problem)
        }
    }

    private static func location(_ mark: yaml_mark_t, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// Bad encoding, control characters, or a failed read.
    private static func readerError(_ problem: String, value: Int32, at location: SourceLocation) -> YAMLError {
        let byte = "'0x\(hex(value, digits: 2))'"
        let codePoint = "'U+\(hex(value, digits: 4))'"
        let (message, note): (String, String?) =
            switch problem {
            case "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "invalid length of a UTF-8 sequence",
                "incomplete UTF-8 octet sequence":
                ("invalid UTF-8 byte \(byte)", "\(problem); the file must be UTF-8 encoded")
            case "control characters are not allowed":
                ("control character \(codePoint) is not allowed", nil)
            case "invalid Unicode character":
                ("invalid Unicode character \(codePoint)", nil)
            case "input error":
                ("cannot read file", nil)
            default:
                (value >= 0 ? "\(problem) \(byte)" : problem, nil)
            }
        return YAMLError(location: location, message: message, notes: note.map { [YAMLNote(location: location, message: $0)] } ?? [])
    }

    private static func hex(_ value: Int32, digits: Int) -> String {
        let text = String(UInt32(bitPattern: value), radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// A few bytes of the input, read again to explain an error.
    private static func bytes(in range: Range<Int>, of source: InputSource) -> [UInt8] {
        switch source {
        case .bytes(let buffer):
            return Array(buffer[range.clamped(to: 0..<buffer.count)])
        case .file(let path):
            guard let handle = fopen(path, "rb") else { return [] }
            defer { fclose(handle) }
            guard fseek(handle, range.lowerBound, SEEK_SET) == 0 else { return [] }
            var bytes = [UInt8](repeating: 0, count: range.count)
            let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            return Array(bytes.prefix(read))
        }
    }

    /// The 1-based line and column of byte `offset`, counting `\n`, `\r\n` and `\r` as line
    /// breaks and columns in Unicode scalars, as libyaml does.
    static func position(ofByte offset: Int, in source: InputSource) -> (line: Int, column: Int) {
        var counter = LineCounter()
        switch source {
        case .bytes(let buffer):
            counter.advance(over: UnsafeBufferPointer(rebasing: buffer.prefix(offset)))
        case .file(let path):
            guard let handle = fopen(path, "rb") else { break }
            defer { fclose(handle) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var left = offset
            while left > 0 {
                let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, min(left, $0.count), handle) }
                guard read > 0 else { break }
                chunk.withUnsafeBufferPointer { counter.advance(over: UnsafeBufferPointer(rebasing: $0.prefix(read))) }
                left -= read
            }
        }
        return (counter.line, counter.column)
    }
}

private struct LineCounter {
    var line = 1
    var column = 1
    var afterCarriageReturn = false

    mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if !afterCarriageReturn { line += 1 }
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            afterCarriageReturn = byte == UInt8(ascii: "\r")
        }
    }
}
