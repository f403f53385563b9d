import RosterYAML

/// The address rule every backend that takes an e-mail accepts: what Uyuni's `user.create`
/// (javax.mail's `InternetAddress.validate`, fault -500 `AddressException`) and the cloud user
/// API (422 "Not a valid email address.") both take. The cloud API and Squirro also want a dot in
/// the domain (`dottedDomain`). Checked when the config is read, so that a typo is an error at its
/// line rather than a half-done apply.
public enum EmailSyntax {
    public static let maxLength = 128
    public static let maxLocalLength = 64
    /// Byte tables (checked for every person of a config: 100,000 addresses are read at load).
    static let localCharacters = table("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
    static let domainCharacters = table("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

    static func table(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in characters.utf8 { table[Int(byte)] = true }
        return table
    }

    /// Why `address` is not one, or nil when it is. One pass over the bytes, without copies.
    public static func problem(_ address: String, dottedDomain: Bool = false) -> String? {
        let bytes = address.utf8
        if bytes.count > maxLength { return "it is longer than \(maxLength) characters" }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return "it has no '@'" }
        let local = bytes[..<at], domain = bytes[bytes.index(after: at)...]
        if domain.contains(UInt8(ascii: "@")) { return "it has more than one '@'" }
        if local.isEmpty { return "it has nothing before the '@'" }
        if local.count > maxLocalLength { return "the part before the '@' is longer than \(maxLocalLength) characters" }
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in local {
            guard localCharacters[Int(byte)], !(byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".")) else {
                return "the part before the '@' has a character an address cannot have there"
            }
            previous = byte
        }
        if previous == UInt8(ascii: ".") { return "the part before the '@' has a character an address cannot have there" }
        let host = String(decoding: domain, as: UTF8.self)
        var labels = 1, length = 0, first: UInt8 = 0, last: UInt8 = 0
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                guard length > 0, first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else {
                    return "the domain '\(host)' is not a host name"
                }
                labels += 1
                length = 0
                continue
            }
            guard domainCharacters[Int(byte)] else { return "the domain '\(host)' is not a host name" }
            if length == 0 { first = byte }
            last = byte
            length += 1
        }
        guard length > 0, first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else {
            return "the domain '\(host)' is not a host name"
        }
        if dottedDomain && labels < 2 { return "the domain '\(host)' has no dot" }
        return nil
    }

    /// Reports a bad address at its place.
    public static func check(_ address: String, at location: SourceLocation?, _ bag: DiagnosticBag) {
        guard let reason = problem(address) else { return }
        bag.error("'\(address)' is not an e-mail address: \(reason)", at: location,
                  notes: [.init("the backends refuse it when the account is created or changed")])
    }

    /// For a backend that also wants a dot in the domain: reports an address that passes `check`
    /// but not that (what `check` refuses it has reported already).
    public static func checkDomain(_ address: String, backend: String, at location: SourceLocation?, _ bag: DiagnosticBag) {
        guard problem(address) == nil, let reason = problem(address, dottedDomain: true) else { return }
        bag.error("'\(address)' is not an e-mail address '\(backend)' takes: \(reason)", at: location,
                  notes: [.init("the server refuses it when the account is created or changed")])
    }
}
