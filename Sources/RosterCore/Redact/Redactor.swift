import Foundation
import Synchronization

/// One redactor for everything roster prints or writes: stderr and stdout, logs, the journal,
/// error texts, the external provider's protocol log. It knows every secret value the run has
/// revealed (each `Secret.reveal()`, that is each secret sent, registers its value) or received
/// (each new secret an action returns), and replaces each with `(sensitive)` in every escaping it
/// may take on the way back: as is, JSON (`\"`, `\/`, `\uXXXX` for non-ASCII, as Python writes it,
/// in both cases of hex), XML and HTML entities, URL and form encoding. Callers scrub a whole text
/// before they cut it short, so a cut never leaves part of a secret unmatched.
///
/// Values shorter than `minimumLength` are not registered: they would blank out common words.
public final class Redactor: Sendable {
    public static let shared = Redactor()
    public static let minimumLength = 4

    private struct State {
        var known: Set<String> = []
        /// Every form of every value, longest first.
        var forms: [String] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers a secret value (and its escaped forms).
    public func register(_ value: String) {
        guard value.utf8.count >= Self.minimumLength else { return }
        state.withLock { state in
            guard state.known.insert(value).inserted else { return }
            let forms = Set(Self.forms(of: value)).subtracting(state.forms)
            state.forms.append(contentsOf: forms)
            state.forms.sort { $0.utf8.count > $1.utf8.count }
        }
    }

    public func register(_ secrets: some Sequence<Secret>) {
        for secret in secrets { register(secret.reveal()) }
    }

    /// `text` with every known secret, in every form, replaced by `(sensitive)`.
    public func scrub(_ text: String) -> String {
        let forms = state.withLock { $0.forms }
        guard !forms.isEmpty, !text.isEmpty else { return text }
        var text = text
        for form in forms where text.contains(form) {
            text = text.replacingOccurrences(of: form, with: Secret.redacted)
        }
        return text
    }

    /// Every way `value` may be written back.
    static func forms(of value: String) -> [String] {
        let jsons = [json(value, asciiOnly: false), json(value, asciiOnly: true),
                     json(value, asciiOnly: true).lowercasedHexEscapes()]
        let slashed = jsons.map { $0.replacingOccurrences(of: "/", with: "\\/") }  // Foundation writes "\/"
        // JSON within JSON (an error text that quotes a JSON body, itself sent as JSON).
        let twice = (jsons + slashed).map { json($0, asciiOnly: false) }
        var forms = [value, xml(value), xmlNumeric(value)] + jsons + slashed + twice
        let unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
            .union(CharacterSet(charactersIn: "-._~"))
        if let url = value.addingPercentEncoding(withAllowedCharacters: unreserved) {
            forms += [url, url.lowercasedPercentEscapes(), url.replacingOccurrences(of: "%20", with: "+")]
        }
        return forms
    }

    /// The JSON string body (no quotes) of `value`; with `asciiOnly`, every non-ASCII character as
    /// `\uXXXX` (UTF-16), as Python's `json.dumps` writes it by default.
    static func json(_ value: String, asciiOnly: Bool) -> String {
        var out = ""
        for unit in value.unicodeScalars {
            switch unit {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where unit.value < 0x20 || (asciiOnly && unit.value > 0x7E):
                for code in String(unit).utf16 { out += String(format: "\\u%04X", code) }
            default: out.unicodeScalars.append(unit)
            }
        }
        return out
    }

    static func xml(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }

    /// Non-ASCII characters and markup as numeric character references (`&#233;`).
    static func xmlNumeric(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if scalar.value > 0x7E || "&<>\"'".unicodeScalars.contains(scalar) {
                out += "&#\(scalar.value);"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// `\u00E9` → `\u00e9`.
    func lowercasedHexEscapes() -> String {
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: "\\u") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let hex = rest.prefix(4)
            out += hex.lowercased()
            rest = rest.dropFirst(hex.count)
        }
        return out + rest
    }

    /// `%C3%A9` → `%c3%a9`.
    func lowercasedPercentEscapes() -> String {
        var out = ""
        var rest = Substring(self)
        while let index = rest.firstIndex(of: "%") {
            out += rest[...index]
            rest = rest[rest.index(after: index)...]
            let hex = rest.prefix(2)
            out += hex.lowercased()
            rest = rest.dropFirst(hex.count)
        }
        return out + rest
    }
}
