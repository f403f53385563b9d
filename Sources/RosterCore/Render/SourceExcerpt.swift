import Foundation
import RosterYAML

/// The config line a diagnostic points at, with a caret under its column, as a compiler prints it:
///
///     12 |     email: bob@
///        |            ^
///
/// A line whose key names a secret (`password:`, `token:`…) shows `(sensitive)` after the key, so
/// an excerpt never prints a password written in the config.
public struct SourceExcerpt {
    private var files: [String: [Substring]] = [:]

    public init() {}

    /// The excerpt for `location`, or nil when its file or line cannot be read.
    public mutating func render(_ location: SourceLocation) -> String? {
        if files[location.file] == nil {
            guard let data = FileManager.default.contents(atPath: location.file) else { return nil }
            files[location.file] = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[location.file], location.line >= 1, location.line <= lines.count else { return nil }
        return Self.render(line: String(lines[location.line - 1]), number: location.line, column: location.column)
    }

    /// Line `number`'s text with a caret under `column` (1-based, in Unicode scalars).
    public static func render(line: String, number: Int, column: Int) -> String {
        var text = masked(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        // A tab would move the caret: shown as one space, it keeps every column where it is.
        text = text.replacingOccurrences(of: "\t", with: " ")
        let gutter = String(number)
        let pad = String(repeating: " ", count: gutter.count)
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return " \(gutter) | \(text)\n \(pad) | \(caret)"
    }

    static let secretWords = ["password", "passwd", "secret", "token", "credential", "private_key", "api_key"]

    /// The line with the value after a secret-naming key replaced by `(sensitive)`.
    static func masked(_ line: String) -> String {
        let lower = line.lowercased()
        var cut: String.Index?
        for word in secretWords {
            var from = lower.startIndex
            while let found = lower.range(of: word, range: from..<lower.endIndex) {
                from = found.upperBound
                // The key runs on to its colon, through letters, digits and '_'/'-' only.
                var end = found.upperBound
                while end < lower.endIndex, lower[end].isLetter || lower[end].isNumber || "_-".contains(lower[end]) {
                    end = lower.index(after: end)
                }
                guard end < lower.endIndex, lower[end] == ":" else { continue }
                let colon = lower.index(after: end)
                if cut.map({ colon < $0 }) ?? true { cut = colon }
            }
        }
        guard let cut else { return line }
        let offset = lower.distance(from: lower.startIndex, to: cut)
        return String(line.prefix(offset)) + " (sensitive)"
    }
}
