import RosterJSON
/// The user endpoints: list (admin, paged), create (admin, never an admin), read (admin or self),
/// update (admin, or self for names and password; never another admin), delete (admin, never an admin).
extension CloudWorld {
    func listUsers(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        guard caller.isAdmin else { throw CloudFault.adminOnly }
        let page = try CloudPaging(call.request)
        // Users are kept in id order; sorted again only if they are not (one pass, not a sort per page).
        let inOrder = state.users.indices.dropFirst().allSatisfy { state.users[$0 - 1].id < state.users[$0].id }
        let users = inOrder ? state.users : state.users.sorted { $0.id < $1.id }
        return .json(JSONValue.array(page.slice(users).map(\.json)).encoded)
    }

    mutating func createUser(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        guard caller.isAdmin else { throw CloudFault.adminOnly }
        let body = try call.object()
        var fields = try CloudUserFields.validate(body, creating: true, platforms: state.platforms)
        if fields.isAdmin == true { throw CloudFault.adminNotCreated }
        let email = fields.email ?? ""
        if state.user(email: email) != nil { throw CloudFault.userExists(email) }
        fields.isAdmin = nil
        var user = state.addUser(email: email, password: fields.password ?? "")
        fields.apply(to: &user)
        if let index = state.userIndex(id: user.id) { state.users[index] = user }
        return .json(user.json.encoded, status: 201)
    }

    func readUser(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        guard caller.isAdmin || caller.id == call.id else { throw CloudFault.forbidden }
        guard let user = state.user(id: call.id) else { throw CloudFault.unknownUser }
        return .json(user.json.encoded)
    }

    mutating func updateUser(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let isSelf = caller.id == call.id
        guard caller.isAdmin || isSelf else { throw CloudFault.forbidden }
        guard let index = state.userIndex(id: call.id) else { throw CloudFault.unknownUser }
        let fields = try CloudUserFields.validate(try call.object(), creating: false, platforms: state.platforms)
        let target = state.users[index]
        if target.isAdmin && !isSelf { throw CloudFault.adminNotModified }
        if fields.isAdmin != nil && fields.isAdmin != target.isAdmin { throw CloudFault.adminNotModified }
        if isSelf && !caller.isAdmin && fields.touchesAccess { throw CloudFault.adminOnly }
        if let email = fields.email, let other = state.user(email: email), other.id != target.id {
            throw CloudFault.userExists(email)
        }
        // The user's priority caps its live tokens' (§3.2): it cannot drop to or below one of them.
        if let priority = fields.priority,
           state.liveTokens(of: target.id, now: call.now).contains(where: { $0.priority >= priority }) {
            throw CloudFault.priorityBelowTokens
        }
        fields.apply(to: &state.users[index])
        return .json(state.users[index].json.encoded)
    }

    mutating func deleteUser(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        guard caller.isAdmin else { throw CloudFault.adminOnly }
        guard let index = state.userIndex(id: call.id) else { throw CloudFault.unknownUser }
        if state.users[index].isAdmin { throw CloudFault.adminNotDeleted }
        state.users.remove(at: index)
        // The user's tokens and sessions go with the user.
        state.tokens.removeAll { $0.userID == call.id }
        logins.close(userID: call.id)
        return EmulatorResponse(status: 204)
    }
}

extension CloudWorld {
    /// The seeded platforms as `[{id, name}]`, to any signed-in caller (the platform list is not
    /// in the reference: the emulator's answer is the shape roster assumes). Without seeded
    /// platforms any id is accepted, and there is no list to give: 404.
    func listPlatforms() throws(CloudFault) -> EmulatorResponse {
        if state.platforms.isEmpty { throw CloudFault.notFound }
        return .json(JSONValue.array(state.platforms.map {
            .object(["id": .string($0.id), "name": .string($0.name)])
        }).encoded)
    }
}

extension CloudState.User {
    /// The user as the API answers it: the SDK's field keys, never the password.
    var json: JSONValue {
        .object([
            "user_id": .int(id), "email": .string(email), "first_name": .string(firstName),
            "last_name": .string(lastName), "platform_ids": .array(platformIDs.map(JSONValue.string)),
            "is_admin": .bool(isAdmin), "priority": .int(priority), "company_id": companyID.map(JSONValue.int) ?? .null,
        ])
    }
}

/// `limit` (1–100, default 50) and `offset` (0 or more) of a list request.
struct CloudPaging {
    static let maxLimit = 100
    static let defaultLimit = 50
    var limit = defaultLimit
    var offset = 0

    init(_ request: EmulatorRequest) throws(CloudFault) {
        var errors = ValidationErrors()
        if let text = request.queryValue("limit") {
            if let n = Int(text), (1...Self.maxLimit).contains(n) { limit = n } else {
                errors.add("query", "limit", Int(text) == nil ? "Not a valid integer."
                    : "Must be greater than or equal to 1 and less than or equal to \(Self.maxLimit).")
            }
        }
        if let text = request.queryValue("offset") {
            if let n = Int(text), n >= 0 { offset = n } else {
                errors.add("query", "offset", Int(text) == nil ? "Not a valid integer." : "Must be greater than or equal to 0.")
            }
        }
        try errors.check()
    }

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min(offset, items.count)
        return items[start..<min(start + limit, items.count)]
    }
}
