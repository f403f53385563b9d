/// The input rules of user creation and update (pre-2024 releases: a min/max password
/// length policy, not the newer configurable one). Texts follow Spacewalk's English
/// resources; where the reference elides a message's tail ("…"), the tail here is ours.
enum UyuniValidation {
    static let minLoginLength = 5
    static let maxLoginLength = 63
    static let maxEmailLength = 128
    static let forbiddenLoginCharacters = Set("&+%'`\"=#".unicodeScalars)
    static let prefixes = [" ", ".", "Dr.", "Hr.", "Miss", "Mr.", "Mrs.", "Ms.", "Sr."]

    /// create's password check: too short, then tab/newline, otherwise too long.
    static func passwordErrors(_ password: String, policy: UyuniState.PasswordPolicy) -> [String] {
        var errors: [String] = []
        if password.count < policy.minLength {
            errors.append("Passwords must be at least \(policy.minLength) characters.")
        }
        if password.contains("\t") || password.contains("\n") {
            errors.append("Password contains tab or newline characters.")
        } else if password.count > policy.maxLength {
            errors.append("Passwords cannot be more than \(policy.maxLength) characters.")
        }
        return errors
    }

    /// create's email check: at most one message.
    static func emailError(_ email: String) -> String? {
        if email.count > maxEmailLength {
            return "The email address is too long. Email addresses must be no longer than \(maxEmailLength) characters."
        }
        return addressProblem(email) == nil ? nil : "Entered email address is not valid"
    }

    /// create's login check: the first failing rule only; uniqueness is server-wide and
    /// case-insensitive.
    static func loginError(_ login: String, state: UyuniState) -> String? {
        if login.count < minLoginLength {
            return "Logins must be no shorter than \(minLoginLength) characters."
        }
        if login.count > maxLoginLength || login.utf8.count > maxLoginLength {
            return "The desired login you requested is too long. Logins must be no longer than \(maxLoginLength) characters."
        }
        let invalid = login.unicodeScalars.contains { scalar in
            !scalar.isASCII || scalar.value <= 0x20 || scalar.value == 0x7F || forbiddenLoginCharacters.contains(scalar)
        }
        if invalid {
            return "\(login) contains invalid characters. Logins may not contain whitespace or any of & + % ' ` \" = #."
        }
        if state.user(login: login) != nil {
            return "That username is already taken; please choose another."
        }
        return nil
    }

    /// A strict `local@domain` check standing in for javax.mail's InternetAddress.validate();
    /// returns the AddressException-style reason, or nil when valid.
    static func addressProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count < 2 ? "Missing final '@domain'" : "Illegal character in local address" }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty else { return "Missing local name" }
        guard !domain.isEmpty else { return "Missing domain" }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".unicodeScalars)
        guard local.unicodeScalars.allSatisfy(localAllowed.contains),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "Local address contains illegal character"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let domainAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
        let domainOK = labels.allSatisfy { label in
            !label.isEmpty && label.unicodeScalars.allSatisfy(domainAllowed.contains) && !label.hasPrefix("-") && !label.hasSuffix("-")
        }
        return domainOK ? nil : "Domain contains illegal character"
    }
}
