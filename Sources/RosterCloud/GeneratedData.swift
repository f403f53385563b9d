import Foundation

/// Generated account data, as the platform's `User.generate_data()` makes it: an address from the
/// person's names and a random password that passes the platform's complexity rule (§3.2).
public enum GeneratedData {
    /// The platform's symbols, exactly: 30 characters with `.` twice, ending in a backslash.
    public static let symbols = "*.!@#$%^&(){}[]:;<>,.?/~_+-=|\\"
    public static let lower = "abcdefghijklmnopqrstuvwxyz"
    public static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    public static let digits = "0123456789"
    /// `ALPHABET` of the reference: 92 characters, 91 distinct.
    public static let alphabet = lower + upper + digits + symbols
    /// Within the 8–32 characters of the platform's rule.
    public static let passwordLength = 20

    /// A random password from `alphabet` with at least one lower-case letter, one upper-case letter,
    /// one digit and one symbol.
    public static func password<G: RandomNumberGenerator>(length: Int = passwordLength, using generator: inout G) -> String {
        let classes = [lower, upper, digits, symbols].map(Array.init)
        let all = Array(alphabet)
        var characters = classes.map { $0.randomElement(using: &generator)! }
        while characters.count < max(length, classes.count) { characters.append(all.randomElement(using: &generator)!) }
        characters.shuffle(using: &generator)
        return String(characters)
    }

    /// The complexity rule the generator satisfies (§3.2: 8–32 characters, at least one digit,
    /// lower-case letter, upper-case letter and symbol), which the platform is taken to enforce.
    public static func meetsPolicy(_ password: String) -> Bool {
        (8...32).contains(password.count) && password.contains { digits.contains($0) }
            && password.contains { lower.contains($0) } && password.contains { upper.contains($0) }
            && password.contains { symbols.contains($0) }
    }

    public static func password() -> String {
        var generator = SystemRandomNumberGenerator()
        return password(using: &generator)
    }

    /// Characters that do not decompose into a base letter and accents. The reference does not show
    /// the platform's `CHAR_REPLACE_MAP`; this is the usual transliteration of such letters.
    public static let charReplaceMap: [Character: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i",
        "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ſ": "s",
    ]

    /// One name part for an address: lower-cased, accents removed, the letters above transliterated,
    /// apostrophes dropped, and every other run of characters outside `a-z0-9` turned into one `-`.
    public static func addressPart(_ name: String) -> String {
        var out = ""
        var pendingDash = false
        for character in name.lowercased().decomposedStrippingMarks {
            let mapped = charReplaceMap[character] ?? String(character)
            for scalar in mapped.unicodeScalars {
                if scalar == "'" || scalar == "\u{2019}" { continue }
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    if pendingDash && !out.isEmpty { out += "-" }
                    pendingDash = false
                    out.unicodeScalars.append(scalar)
                } else {
                    pendingDash = true
                }
            }
        }
        return out
    }

    /// The address `template` gives for a person: `{first}`, `{last}` and `{name}` (the person's key
    /// in the config) are replaced by their address forms, dots in the local part are tidied, and
    /// the whole address is lower-cased. Nil when the result is not a usable address.
    public static func email(template: String, first: String?, last: String?, name: String) -> String? {
        var text = template
        for (placeholder, value) in [("{first}", first ?? ""), ("{last}", last ?? ""), ("{name}", name)] {
            text = text.replacingOccurrences(of: placeholder, with: addressPart(value))
        }
        let parts = text.lowercased().split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        let local = parts[0].split(separator: ".", omittingEmptySubsequences: true).joined(separator: ".")
        guard !local.isEmpty, local.utf8.count <= 64 else { return nil }
        return local + "@" + parts[1]
    }

    /// `base` if `taken` does not hold it, else the first of `local2@domain`, `local3@domain`, ...
    public static func numbered(_ base: String, taken: (String) -> Bool) -> String {
        guard taken(base), let at = base.lastIndex(of: "@") else { return base }
        let local = base[..<at], domain = base[at...]
        var n = 2
        while taken("\(local)\(n)\(domain)") { n += 1 }
        return "\(local)\(n)\(domain)"
    }
}

extension String {
    /// The characters with combining marks removed (`é` → `e`), by canonical decomposition.
    var decomposedStrippingMarks: String {
        var out = String.UnicodeScalarView()
        for scalar in decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            out.append(scalar)
        }
        return String(out)
    }
}
