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
            let (line, column) = position(ofByte: parser.problem_offset, in: source)
            let location = SourceLocation(file: file, line: line, column: column)
            return readerError(problem, value: parser.problem_value, at: location)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var notes: [YAMLNote] = []
            if let context = parser.context {
                notes.append(YAMLNote(location: location(parser.context_mark, file), message: String(cString: context)))
            }
            return YAMLError(location: location(parser.problem_mark, file), message: problem, notes: notes)
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
            case "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "invalid length of a UTF-8 sequence":
                ("invalid UTF-8 byte \(byte)", "\(problem); the file must be UTF-8 encoded")
            case "incomplete UTF-8 octet sequence":
                ("incomplete UTF-8 sequence at end of file", "the file must be UTF-8 encoded")
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
