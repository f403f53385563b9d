#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libyaml's scanner and parser messages for the two mistakes a new operator makes most, a tab
/// and a line that does not line up, replaced by what happened and what to do.
extension ParserError {
    /// libyaml's messages for a line indented deeper or shallower than its mapping or list.
    static let indentationProblems: Set<String> = [
        "mapping values are not allowed in this context", "did not find expected key",
        "did not find expected '-' indicator", "could not find expected ':'",
        "block sequence entries are not allowed in this context",
    ]

    static func hinted(_ error: YAMLError, source: InputSource) -> YAMLError {
        let line = lineText(error.location.line, of: source)
        let scalars = Array(line.unicodeScalars)
        let column = error.location.column - 1
        let atTab = column >= 0 && column < scalars.count && scalars[column] == "\t"
        let leading = scalars.prefix { $0 == " " || $0 == "\t" }
        if error.message.contains("tab") || atTab || (leading.contains("\t") && indentationProblems.contains(error.message)) {
            let tab = atTab ? column : (scalars.firstIndex(of: "\t") ?? column)
            var location = error.location
            location.column = tab + 1
            return YAMLError(location: location, message: "tab character: YAML indents with spaces only",
                             notes: [YAMLNote(location: location, message: "replace the tab with spaces (2 for each level)")])
        }
        guard indentationProblems.contains(error.message) else { return error }
        let mappingStart = error.notes.first { $0.message.hasPrefix("while parsing") }
        var notes = [YAMLNote(location: error.location, message: hint(for: error.message))]
        if let start = mappingStart {
            notes.append(YAMLNote(location: start.location, message: "the block it should line up with starts here"))
        }
        return YAMLError(location: error.location, message: "indentation error: this line does not line up with the lines above",
                         notes: notes)
    }

    private static func hint(for problem: String) -> String {
        switch problem {
        case "mapping values are not allowed in this context":
            "indent a key exactly as its siblings; a value that holds ': ' needs quotes"
        case "did not find expected '-' indicator", "block sequence entries are not allowed in this context":
            "indent every '- ' item of a list by the same number of spaces"
        default:
            "indent a key exactly as the keys of its mapping, with spaces"
        }
    }

    /// The text of 1-based line `number` of the source, without its line break; empty if none.
    static func lineText(_ number: Int, of source: InputSource) -> String {
        var bytes: [UInt8] = []
        switch source {
        case .bytes(let buffer):
            bytes = Array(buffer)
        case .file(let path):
            guard let handle = fopen(path, "rb") else { return "" }
            defer { fclose(handle) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
                guard read > 0 else { break }
                bytes += chunk.prefix(read)
            }
        }
        var line = 1
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if line == number { return String(decoding: bytes[start..<i], as: UTF8.self).trimmingSuffixCR }
            line += 1
            start = i + 1
        }
        return line == number ? String(decoding: bytes[start...], as: UTF8.self).trimmingSuffixCR : ""
    }
}

private extension String {
    var trimmingSuffixCR: String { hasSuffix("\r") ? String(dropLast()) : self }
}
