import RosterJSON
/// The fields of a create or update body, validated the way a schema-validating server does:
/// every problem collected into one 422 with its field.
struct CloudUserFields {
    var email: String?
    var password: String?
    var firstName: String?
    var lastName: String?
    var platformIDs: [String]?
    var isAdmin: Bool?
    var priority: Int?
    /// `.some(nil)`: sent as null.
    var companyID: Int??

    static let known: Set<String> = ["email", "password", "first_name", "last_name", "platform_ids", "is_admin",
                                     "priority", "company_id"]

    /// What only an admin may change on a user: platforms, priority, company.
    var touchesAccess: Bool { platformIDs != nil || priority != nil || companyID != nil }

    static func validate(_ body: [String: JSONValue], creating: Bool,
                         platforms: [CloudState.Platform]) throws(CloudFault) -> CloudUserFields {
        var errors = ValidationErrors()
        var fields = CloudUserFields()
        for key in body.keys.sorted() where !known.contains(key) { errors.add("json", key, "Unknown field.") }
        if creating {
            for key in ["email", "password"] where body[key] == nil || body[key]?.isNull == true {
                errors.add("json", key, "Missing data for required field.")
            }
        }
        fields.email = string(body, "email", &errors)
        if let email = fields.email, !isEmail(email) { errors.add("json", "email", "Not a valid email address.") }
        fields.password = string(body, "password", &errors)
        if let password = fields.password, let problem = passwordProblem(password) { errors.add("json", "password", problem) }
        fields.firstName = string(body, "first_name", &errors)
        fields.lastName = string(body, "last_name", &errors)
        fields.platformIDs = platformList(body, platforms, &errors)
        if let value = body["is_admin"] {
            if let flag = value.bool { fields.isAdmin = flag } else { errors.add("json", "is_admin", "Not a valid boolean.") }
        }
        if let value = body["priority"] {
            if let n = value.int { fields.priority = n } else { errors.add("json", "priority", "Not a valid integer.") }
            if let n = value.int, n < 0 { errors.add("json", "priority", "Must be greater than or equal to 0.") }
        }
        if let value = body["company_id"] {
            if value.isNull { fields.companyID = .some(nil) }
            else if let n = value.int { fields.companyID = n }
            else { errors.add("json", "company_id", "Not a valid integer.") }
        }
        try errors.check()
        return fields
    }

    func apply(to user: inout CloudState.User) {
        if let email { user.email = email }
        if let password { user.password = password }
        if let firstName { user.firstName = firstName }
        if let lastName { user.lastName = lastName }
        if let platformIDs { user.platformIDs = platformIDs }
        if let priority { user.priority = priority }
        if let companyID { user.companyID = companyID }
    }

    private static func string(_ body: [String: JSONValue], _ key: String, _ errors: inout ValidationErrors) -> String? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let text = value.string else {
            errors.add("json", key, "Not a valid string.")
            return nil
        }
        return text
    }

    private static func platformList(_ body: [String: JSONValue], _ platforms: [CloudState.Platform],
                                      _ errors: inout ValidationErrors) -> [String]? {
        guard let value = body["platform_ids"] else { return nil }
        guard let items = value.array else {
            errors.add("json", "platform_ids", "Not a valid list.")
            return nil
        }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            guard let id = item.string else {
                errors.add("json", "platform_ids", index: index, "Not a valid string.")
                continue
            }
            if !platforms.isEmpty && !platforms.contains(where: { $0.id == id }) {
                errors.add("json", "platform_ids", index: index, "Unknown platform.")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// One `@`, a non-empty local part, a dotted domain, no white space.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace }
    }

    static let symbols = Set("*.!@#$%^&(){}[]:;<>,.?/~_+-=|\\")

    /// The rule the platform's password generator satisfies (§3.2): 8–32 characters with a digit,
    /// a lower-case letter, an upper-case letter and one of its symbols.
    static func passwordProblem(_ password: String) -> String? {
        let ok = (8...32).contains(password.count) && password.contains(where: \.isNumber)
            && password.contains(where: { $0.isLowercase }) && password.contains(where: { $0.isUppercase })
            && password.contains(where: { symbols.contains($0) })
        return ok ? nil : "Password must be 8 to 32 characters long with at least one digit, one lower-case letter, "
            + "one upper-case letter and one of *.!@#$%^&(){}[]:;<>,.?/~_+-=|\\"
    }
}
