/// Text with `⟨name⟩` markers where a node or a diagnostic is expected: `text` is the text without
/// them, and `markers` holds where each was, as libyaml counts (1-based line, column in Unicode scalars).
public struct MarkedText: Sendable {
    public private(set) var text = ""
    public private(set) var markers: [String: Place] = [:]

    public struct Place: Sendable, Hashable {
        public var line: Int
        public var column: Int
    }

    public init(_ marked: String) {
        var line = 1, column = 1
        var scalars = Substring(marked).unicodeScalars[...]
        while let scalar = scalars.first {
            if scalar == "⟨", let end = scalars.firstIndex(of: "⟩") {
                markers[String(scalars[scalars.index(after: scalars.startIndex)..<end])] = Place(line: line, column: column)
                scalars = scalars[scalars.index(after: end)...]
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            scalars = scalars.dropFirst()
        }
    }

    /// The marker's place as `line:column`, to compare with a node's or an error's.
    public subscript(marker: String) -> String {
        guard let place = markers[marker] else { return "no marker \(marker)" }
        return "\(place.line):\(place.column)"
    }

    /// The marker's place as `file:line:column`, as diagnostics print it.
    public func location(_ marker: String, file: String) -> String {
        guard let place = markers[marker] else { return "no marker \(marker)" }
        return "\(file):\(place.line):\(place.column)"
    }
}
