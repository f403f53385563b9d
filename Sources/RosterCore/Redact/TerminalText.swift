/// Text for a terminal or a CI log: control characters a live value or a vendor message may hold
/// (escape sequences that move the cursor, clear the screen, hide text, rewrite a line with `\r`,
/// or reverse its direction) are shown escaped, as `\x1B` or `\u{202E}`.
public enum TerminalText {
    /// The colours roster itself paints with (`ESC [ code m`): kept when `keepColor` is set.
    static let ownColors: Set<String> = ["0", "1", "31", "32", "33", "31;1", "33;1", "36;1"]

    /// `text` with every control character escaped but line feeds and tabs; with `keepColor`,
    /// roster's own colour sequences are kept as they are.
    public static func escape(_ text: String, keepColor: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if keepColor, scalar == "\u{1B}", let end = ownColor(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let shown = scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
                out.append(contentsOf: shown.unicodeScalars)
            } else {
                out.append(scalar)
            }
            i += 1
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // direction marks and overrides
        default: false
        }
    }

    /// The index of the `m` ending one of roster's colour sequences at `start`, if one is there.
    private static func ownColor(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var code = ""
        var i = start + 2
        while i < scalars.count, i < start + 10 {
            if scalars[i] == "m" { return ownColors.contains(code) ? i : nil }
            code.unicodeScalars.append(scalars[i])
            i += 1
        }
        return nil
    }
}
