import RosterJSON
/// The token API (§3.3): job tokens and API keys, listed per user, created with a priority that
/// must be lower than the user's (equal is refused too), updated, revoked and deleted. A caller manages its own tokens; an
/// admin anyone's.
extension CloudWorld {
    func listTokens(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let page = try CloudPaging(call.request)
        let userID = try targetUser(call.request.queryValue("user_id").map(JSONValue.string), caller: caller, location: "query")
        let includeRevoked = call.request.queryValue("include_revoked") == "true"
        let includeExpired = call.request.queryValue("include_expired") == "true"
        let tokens = state.tokens.filter {
            $0.userID == userID && (includeRevoked || !$0.isRevoked) && (includeExpired || ($0.expires ?? .infinity) > call.now)
        }
        return .json(JSONValue.array(page.slice(tokens).map(\.json)).encoded)
    }

    /// `{label = "unknown", priority = 0, duration, user_id = self, is_apikey}` → `{token, token_id, duration}`.
    /// A job token lasts `duration` seconds (default 86400); an API key without one does not expire.
    mutating func createToken(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let body = try call.object()
        var errors = ValidationErrors()
        let label = stringField(body, "label", &errors) ?? "unknown"
        let priority = intField(body, "priority", &errors) ?? 0
        let duration = intField(body, "duration", &errors)
        let isAPIKey = body["is_apikey"]?.bool ?? false
        if let value = body["is_apikey"], value.bool == nil { errors.add("json", "is_apikey", "Not a valid boolean.") }
        if let d = duration, d < 1 { errors.add("json", "duration", "Must be greater than or equal to 1.") }
        try errors.check()
        let userID = try targetUser(body["user_id"], caller: caller, location: "json")
        guard let owner = state.user(id: userID) else { throw CloudFault(status: 400, error: "Unknown user") }
        if priority >= owner.priority { throw CloudFault.priorityTooHigh }
        if state.liveTokens(of: userID, now: call.now).contains(where: { $0.label == label }) { throw CloudFault.labelExists(label) }
        let lifetime = duration ?? (isAPIKey ? nil : 86400)
        let token = state.addToken(userID: userID, label: label, priority: priority, secret: CloudTokens.make(prefix: "_T_"),
                                   isAPIKey: isAPIKey, now: call.now, duration: lifetime)
        return .json(JSONValue.object([
            "token": .string(token.secret), "token_id": .int(token.id), "duration": lifetime.map(JSONValue.int) ?? .null,
        ]).encoded, status: 201)
    }

    func readToken(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let index = try ownedToken(call.id, caller: caller)
        return .json(state.tokens[index].json.encoded)
    }

    /// `{label, priority}`.
    mutating func updateToken(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let index = try ownedToken(call.id, caller: caller)
        let body = try call.object()
        var errors = ValidationErrors()
        for key in body.keys.sorted() where key != "label" && key != "priority" { errors.add("json", key, "Unknown field.") }
        let label = stringField(body, "label", &errors)
        let priority = intField(body, "priority", &errors)
        try errors.check()
        let token = state.tokens[index]
        if let priority, priority >= (state.user(id: token.userID)?.priority ?? 0) { throw CloudFault.priorityTooHigh }
        if let label, label != token.label,
           state.liveTokens(of: token.userID, now: call.now).contains(where: { $0.label == label }) {
            throw CloudFault.labelExists(label)
        }
        if let label { state.tokens[index].label = label }
        if let priority { state.tokens[index].priority = priority }
        return .json(state.tokens[index].json.encoded)
    }

    /// Form field `token` (the token's value), or the same in a JSON body.
    mutating func revokeToken(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let text = String(decoding: call.request.body, as: UTF8.self)
        let value = JSONValue.parse(call.request.body)?["token"]?.string
            ?? EmulatorRequest.parseQuery(text).first { $0.name == "token" }?.value
        guard let value, let index = state.tokens.firstIndex(where: { $0.secret == value }) else {
            throw CloudFault.unknownToken
        }
        guard caller.isAdmin || state.tokens[index].userID == caller.id else { throw CloudFault.forbidden }
        state.tokens[index].isRevoked = true
        return .json(state.tokens[index].json.encoded)
    }

    /// `{token_ids: [...]}` → `{deleted: n}`; every id must exist and be the caller's (or the caller an admin).
    mutating func deleteTokens(_ call: CloudCall, caller: CloudState.User) throws(CloudFault) -> EmulatorResponse {
        let body = try call.object()
        guard let items = body["token_ids"]?.array else {
            var errors = ValidationErrors()
            errors.add("json", "token_ids", body["token_ids"] == nil ? "Missing data for required field." : "Not a valid list.")
            try errors.check()
            return .json("{}")
        }
        var indices: [Int] = []
        for item in items {
            guard let id = item.int else { throw CloudFault(status: 422, error: "Validation error", detail: ["json": ["token_ids": ["Not a valid integer."]]]) }
            indices.append(try ownedToken(id, caller: caller))
        }
        let ids = Set(indices.map { state.tokens[$0].id })
        state.tokens.removeAll { ids.contains($0.id) }
        return .json(JSONValue.object(["deleted": .int(ids.count)]).encoded)
    }

    /// The user a token request is about: `user_id` if given (an admin's right for others), else the caller.
    private func targetUser(_ value: JSONValue?, caller: CloudState.User, location: String) throws(CloudFault) -> Int {
        guard let value, !value.isNull else { return caller.id }
        guard let id = value.int ?? value.string.flatMap({ Int($0) }) else {
            throw CloudFault(status: 422, error: "Validation error", detail: [location: ["user_id": ["Not a valid integer."]]])
        }
        guard caller.isAdmin || id == caller.id else { throw CloudFault.forbidden }
        return id
    }

    private func ownedToken(_ id: Int, caller: CloudState.User) throws(CloudFault) -> Int {
        guard let index = state.tokenIndex(id: id) else { throw CloudFault.unknownToken }
        guard caller.isAdmin || state.tokens[index].userID == caller.id else { throw CloudFault.forbidden }
        return index
    }

    private func stringField(_ body: [String: JSONValue], _ key: String, _ errors: inout ValidationErrors) -> String? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let text = value.string else {
            errors.add("json", key, "Not a valid string.")
            return nil
        }
        return text
    }

    private func intField(_ body: [String: JSONValue], _ key: String, _ errors: inout ValidationErrors) -> Int? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let n = value.int else {
            errors.add("json", key, "Not a valid integer.")
            return nil
        }
        if n < 0 { errors.add("json", key, "Must be greater than or equal to 0.") }
        return n
    }
}

extension CloudState.Token {
    /// The token as the list answers it (§3.3); `key` shows only the start of the secret.
    var json: JSONValue {
        .object([
            "id": .int(id), "key": .string(String(secret.prefix(7)) + "…"), "label": .string(label),
            "priority": .int(priority), "user_id": .int(userID), "created_date": .double(created),
            "expiration_date": expires.map(JSONValue.double) ?? .null, "last_used_time": lastUsed.map(JSONValue.double) ?? .null,
            "count": .int(count), "is_revoked": .bool(isRevoked), "is_apikey": .bool(isAPIKey),
        ])
    }
}
