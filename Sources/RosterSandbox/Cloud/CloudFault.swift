import RosterJSON
/// An error answer in the platform's shape (§3.3): `{"detail": {...}, "error": "..."}`.
struct CloudFault: Error, Sendable {
    var status: Int
    var error: String
    var detail: [String: JSONValue] = [:]

    var response: EmulatorResponse {
        var body: [String: JSONValue] = ["detail": .object(detail), "error": .string(error)]
        // The reference shows 422 bodies with `message` rather than `error`; both are sent so that a
        // client reading either finds the text.
        if status == 422 { body["message"] = .string(error) }
        return .json(JSONValue.object(body).encoded, status: status)
    }

    // The texts the reference quotes (§3.3).
    static let tokenNotFound = CloudFault(status: 401, error: "Authentication and authorization failed: token not found")
    static let unknownUser = CloudFault(status: 404, error: "Unknown user")
    static let priorityTooHigh = CloudFault(status: 400, error: "Can't assign priority higher than user priority")
    static func labelExists(_ label: String) -> CloudFault { CloudFault(status: 400, error: "Label already exists: \(label)") }

    // The texts below are the emulator's own: the platform's are not public.
    static let badLogin = CloudFault(status: 401, error: "Authentication failed: wrong email or password")
    static let adminOnly = CloudFault(status: 403, error: "Permission denied: admin rights required")
    static let forbidden = CloudFault(status: 403, error: "Permission denied")
    static let priorityBelowTokens = CloudFault(status: 400, error: "Can't assign priority lower than the user's token priority")
    static let adminNotCreated = CloudFault(status: 403, error: "Admin users cannot be created")
    static let adminNotModified = CloudFault(status: 403, error: "Admin users cannot be modified")
    static let adminNotDeleted = CloudFault(status: 403, error: "Admin users cannot be deleted")
    static func userExists(_ email: String) -> CloudFault { CloudFault(status: 400, error: "User already exists: \(email)") }
    static let unknownToken = CloudFault(status: 404, error: "Unknown token")
    static let notFound = CloudFault(status: 404, error: "Not found")
    static let methodNotAllowed = CloudFault(status: 405, error: "Method not allowed")
}

/// Collects 422 messages by location (`json`, `query`, `form`) and field, the way a
/// schema-validating server reports them: `{"json": {"priority": ["Not a valid integer."]}}`.
struct ValidationErrors {
    private var errors: [String: [String: JSONValue]] = [:]

    var isEmpty: Bool { errors.isEmpty }

    mutating func add(_ location: String, _ field: String, _ message: String) {
        var fields = errors[location] ?? [:]
        let existing = fields[field]?.array ?? []
        fields[field] = .array(existing + [.string(message)])
        errors[location] = fields
    }

    /// A message for one item of a list field: `{"platform_ids": {"1": ["Unknown platform."]}}`.
    mutating func add(_ location: String, _ field: String, index: Int, _ message: String) {
        var fields = errors[location] ?? [:]
        var items = fields[field]?.object ?? [:]
        items[String(index)] = .array((items[String(index)]?.array ?? []) + [.string(message)])
        fields[field] = .object(items)
        errors[location] = fields
    }

    func check() throws(CloudFault) {
        guard !errors.isEmpty else { return }
        throw CloudFault(status: 422, error: "Validation error", detail: errors.mapValues { .object($0) })
    }
}
