import Foundation

/// How a backend's server compares one field of a kind's key. Two spellings the server cannot tell
/// apart are one object to roster: never a delete plus a create.
public enum KeyIdentity: String, Sendable, Hashable, CaseIterable {
    /// Byte for byte: a composed and a decomposed accent are two names.
    case exact
    /// ASCII letters without case (Uyuni logins, looked up by their upper-cased form).
    case asciiCaseInsensitive = "ascii_case_insensitive"
    /// An e-mail address: without case, composed and decomposed spellings one.
    case email
    /// Unicode text whose composed and decomposed spellings are one (NFC).
    case unicodeNFC = "unicode_nfc"

    /// The one spelling of every text the server takes for this one.
    public func canonical(_ text: String) -> String {
        switch self {
        case .exact: return text
        case .asciiCaseInsensitive: return Self.asciiLowercased(text)
        case .email: return Self.isASCII(text) ? Self.asciiLowercased(text) : Self.nfc(text).lowercased()
        case .unicodeNFC: return Self.isASCII(text) ? text : Self.nfc(text)
        }
    }

    /// Whether the server takes the two texts for one.
    public func same(_ a: String, _ b: String) -> Bool {
        ResourceID.bytesEqual(a, b) || (self != .exact && ResourceID.bytesEqual(canonical(a), canonical(b)))
    }

    /// What the plan and the docs call it.
    public var summary: String {
        switch self {
        case .exact: return "exact bytes"
        case .asciiCaseInsensitive: return "ASCII case-insensitive"
        case .email: return "e-mail (case-insensitive, Unicode NFC)"
        case .unicodeNFC: return "Unicode NFC"
        }
    }

    static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    static func nfc(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

extension ResourceKind {
    /// The key as the server compares it, field by field.
    public func canonicalKey(_ key: [String]) -> [String] {
        if identityIsExact { return key }
        return key.enumerated().map { i, part in identity(ofField: i).canonical(part) }
    }

    public func identity(ofField index: Int) -> KeyIdentity {
        index < identity.count ? identity[index] : .exact
    }

    /// Whether every field compares byte for byte.
    public var identityIsExact: Bool { identity.allSatisfy { $0 == .exact } }

    /// Whether two keys of this kind name one object on the server.
    public func sameKey(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && a.indices.allSatisfy { identity(ofField: $0).same(a[$0], b[$0]) }
    }

    /// Whether a glob (`protect`) or a selector key (`--target`, parts joined by `/`) names this key,
    /// compared as the server compares it.
    public func keyMatches(pattern: String, _ key: [String]) -> Bool {
        let joined = key.joined(separator: "/")
        if Glob.matches(pattern, joined) { return true }
        if identityIsExact { return false }
        // The most lenient field decides how the pattern is folded: a pattern is one text.
        let folding = identity.contains(.email) ? KeyIdentity.email
            : identity.contains(.asciiCaseInsensitive) ? .asciiCaseInsensitive : .unicodeNFC
        return Glob.matches(folding.canonical(pattern), canonicalKey(key).joined(separator: "/"))
    }
}
