import RosterYAML

/// The address rule every backend that takes an e-mail accepts: what Uyuni's `user.create`
/// (javax.mail's `InternetAddress.validate`, fault -500 `AddressException`) and the cloud user
/// API (422 "Not a valid email address.") both take. The cloud API and Squirro also want a dot in
/// the domain (`dottedDomain`). Checked when the config is read, so that a typo is an error at its
/// line rather than a half-done apply.
public enum EmailSyntax {
    public static let maxLength = 128
    public static let maxLocalLength = 64
    static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".utf8)
    static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8)

    /// Why `address` is not one, or nil when it is.
    public static func problem(_ address: String, dottedDomain: Bool = false) -> String? {
        if address.utf8.count > maxLength { return "it is longer than \(maxLength) characters" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count < 2 ? "it has no '@'" : "it has more than one '@'" }
        let local = parts[0].utf8, domain = parts[1]
        if local.isEmpty { return "it has nothing before the '@'" }
        if local.count > maxLocalLength { return "the part before the '@' is longer than \(maxLocalLength) characters" }
        if !local.allSatisfy(localCharacters.contains) || local.first == UInt8(ascii: ".")
            || local.last == UInt8(ascii: ".") || parts[0].contains("..") {
            return "the part before the '@' has a character an address cannot have there"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if dottedDomain && labels.count < 2 { return "the domain '\(domain)' has no dot" }
        for label in labels {
            let bytes = label.utf8
            guard !bytes.isEmpty, bytes.allSatisfy(domainCharacters.contains), bytes.first != UInt8(ascii: "-"),
                  bytes.last != UInt8(ascii: "-") else { return "the domain '\(domain)' is not a host name" }
        }
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
