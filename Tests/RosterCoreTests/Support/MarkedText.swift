import Foundation

/// YAML text with `⟨name⟩` markers where a diagnostic is expected. The markers are removed and
/// their 1-based line and column recorded.
struct MarkedText {
    var text: String
    var markers: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var markers: [String: (line: Int, column: Int)] = [:]
        var line = 1, column = 1
        var rest = Substring(marked)
        while let c = rest.first {
            if c == "⟨", let end = rest.firstIndex(of: "⟩") {
                markers[String(rest[rest.index(after: rest.startIndex)..<end])] = (line, column)
                rest = rest[rest.index(after: end)...]
                continue
            }
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            rest = rest.dropFirst()
        }
        self.text = text
        self.markers = markers
    }

    func location(_ marker: String, file: String) -> String {
        guard let m = markers[marker] else { return "no marker \(marker)" }
        return "\(file):\(m.line):\(m.column)"
    }
}
