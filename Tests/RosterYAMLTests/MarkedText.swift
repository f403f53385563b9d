/// YAML text with position markers `1️⃣` … `9️⃣`: `text` is the YAML without them, and
/// `markers` holds where each was, as libyaml counts (1-based line, column in Unicode scalars).
struct MarkedText {
    var text = ""
    var markers: [Character: (line: Int, column: Int)] = [:]

    private static let markerCharacters: [Character: Character] = [
        "1️⃣": "1", "2️⃣": "2", "3️⃣": "3", "4️⃣": "4", "5️⃣": "5", "6️⃣": "6", "7️⃣": "7", "8️⃣": "8", "9️⃣": "9",
    ]

    init(_ marked: String) {
        var line = 1, column = 1
        for character in marked {
            if let digit = Self.markerCharacters[character] {
                markers[digit] = (line, column)
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
    }

    /// The marker's place as `line:column`, to compare with a node's or an error's.
    subscript(marker: Character) -> String {
        guard let place = markers[marker] else { return "no marker \(marker)" }
        return "\(place.line):\(place.column)"
    }
}
