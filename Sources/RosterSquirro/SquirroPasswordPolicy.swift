import RosterCore

/// The server's password policy (`get_users_password_policy`), checked at plan time.
///
/// The reference does not know the real field names; these are the ones the captured answer used
/// (`min_length`, `require_uppercase`, `require_lowercase`, `require_digit`, `require_special`),
/// plus `max_length`. Fields roster does not know are ignored: the server still has the last word.
struct SquirroPasswordPolicy: Sendable {
    static let factPrefix = "password_policy."

    var minLength: Int?
    var maxLength: Int?
    var requireUppercase = false
    var requireLowercase = false
    var requireDigit = false
    var requireSpecial = false

    init(facts: [String: Value]) {
        func fact(_ name: String) -> Value? { facts[Self.factPrefix + name] }
        minLength = fact("min_length")?.int
        maxLength = fact("max_length")?.int
        requireUppercase = fact("require_uppercase")?.bool ?? false
        requireLowercase = fact("require_lowercase")?.bool ?? false
        requireDigit = fact("require_digit")?.bool ?? false
        requireSpecial = fact("require_special")?.bool ?? false
    }

    /// The first rule the password breaks, in words; nil when it passes.
    func brokenRule(_ password: String) -> String? {
        if let minLength, password.count < minLength { return "it must be at least \(minLength) characters long" }
        if let maxLength, password.count > maxLength { return "it must be at most \(maxLength) characters long" }
        if requireUppercase && !password.contains(where: \.isUppercase) { return "it must contain an uppercase letter" }
        if requireLowercase && !password.contains(where: \.isLowercase) { return "it must contain a lowercase letter" }
        if requireDigit && !password.contains(where: \.isNumber) { return "it must contain a digit" }
        if requireSpecial && !password.contains(where: { !$0.isLetter && !$0.isNumber }) {
            return "it must contain a special character"
        }
        return nil
    }

    var summary: String {
        var rules: [String] = []
        if let minLength { rules.append("at least \(minLength) characters") }
        if let maxLength { rules.append("at most \(maxLength) characters") }
        if requireUppercase { rules.append("an uppercase letter") }
        if requireLowercase { rules.append("a lowercase letter") }
        if requireDigit { rules.append("a digit") }
        if requireSpecial { rules.append("a special character") }
        return rules.isEmpty ? "no rules" : rules.joined(separator: ", ")
    }
}
