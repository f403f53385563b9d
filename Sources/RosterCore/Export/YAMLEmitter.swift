/// Writes an `ExportValue` as block-style YAML that roster's loader reads back to the same values.
/// Strings are written plain only when plain cannot change what they mean (no number, boolean or
/// null look-alike, no indicator, no `: ` or ` #`); anything else is double-quoted with escapes.
public enum YAMLEmitter {
    public static func emit(_ value: ExportValue) -> String {
        var out = ""
        switch value {
        case .mapping(let entries) where !entries.isEmpty: mapping(entries, indent: 0, into: &out)
        case .list(let items) where !items.isEmpty: sequence(items, indent: 0, into: &out)
        default: out = inline(value) + "\n"
        }
        return out
    }

    private static func mapping(_ entries: [ExportValue.Entry], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            out += pad + scalar(entry.key) + ":"
            block(entry.value, indent: indent, into: &out)
        }
    }

    private static func sequence(_ items: [ExportValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad + "-"
            block(item, indent: indent, into: &out)
        }
    }

    /// The value after `key:` or `-`: inline when it fits on the line, else nested below.
    private static func block(_ value: ExportValue, indent: Int, into out: inout String) {
        switch value {
        case .mapping(let entries) where !entries.isEmpty:
            out += "\n"
            mapping(entries, indent: indent + 2, into: &out)
        case .list(let items) where !items.isEmpty && !(items.allSatisfy(\.isScalar) && inline(value).count <= 100):
            out += "\n"
            sequence(items, indent: indent + 2, into: &out)
        default:
            out += " " + inline(value) + "\n"
        }
    }

    /// Flow style: scalars, `[a, b]`, `{}`.
    static func inline(_ value: ExportValue) -> String {
        switch value {
        case .string(let s): return scalar(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .plain(let text): return isSafePlain(text, keepTyped: true) ? text : quoted(text)
        case .list(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { scalar($0.key) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A string, plain when that is safe, else double-quoted.
    public static func scalar(_ text: String) -> String {
        isSafePlain(text, keepTyped: false) ? text : quoted(text)
    }

    static let reservedWords: Set<String> = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]

    /// Characters a plain scalar may hold anywhere (flow collections included): letters, digits,
    /// `_ . / @ + -` and inner spaces, and not starting like a number, an indicator or a word YAML
    /// reads as null or a boolean. `keepTyped` is for text copied from a plain scalar, which meant
    /// what it means already: a number or `true` goes through as it was, if it has no space.
    static func isSafePlain(_ text: String, keepTyped: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " { return false }
        for c in text.unicodeScalars {
            let ok = (c.properties.isAlphabetic && c.value > 0x7F) || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
                || ("0"..."9").contains(c) || "_./@+- ".unicodeScalars.contains(c)
            if !ok { return false }
        }
        if keepTyped, !text.contains(" "), first != "@", text != "-" { return true }
        if reservedWords.contains(text.lowercased()) { return false }
        return !("0"..."9").contains(first) && !"+-.@".unicodeScalars.contains(first)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value)
                    || c.value == 0xFEFF || c.value == 0x2028 || c.value == 0x2029 {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    out += c.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
