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

/// A temporary folder of files that is removed when the test ends.
final class TempFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "roster-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
