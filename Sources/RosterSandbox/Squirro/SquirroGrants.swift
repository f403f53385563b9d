/// Grants (refresh tokens) and sessions, which share one id space, and per-user
/// authentications for external services.
extension SquirroWorld {
    func grantJSON(_ grant: SquirroState.Grant) -> SquirroJSON {
        var object: [String: SquirroJSON] = [
            "id": .string(grant.id), "type": .string(grant.type), "created_at": .string(grant.createdAt),
            "valid_to": .null,
            "project_permissions": grant.projectPermissions.map { .array($0.map(SquirroJSON.string)) } ?? .null,
        ]
        if let client = grant.forClientId { object["for_client_id"] = .string(client) }
        return .object(object)
    }

    func userGrants(_ t: String, _ id: String) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        return .squirro(["grants": .array(state.grants.filter { $0.userId == id }.map(grantJSON))])
    }

    /// Form `type` (user | service), `for_client_id` (service only), `project_permissions`
    /// (comma-joined). Answers the new refresh token once.
    mutating func newGrant(_ t: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        let form = call.form
        let type = form["type"] ?? ""
        guard type == "user" || type == "service" else { return .squirroError(400, "type must be user or service") }
        let permissions = form["project_permissions"].map { $0.split(separator: ",").map(String.init) }
        let grant = addGrant(userId: id, type: type, now: call.now, permissions: permissions,
                             forClientId: type == "service" ? form["for_client_id"] : nil)
        return .squirro(["id": .string(grant.id), "refresh_token": .string(grant.refreshToken)], status: 201)
    }

    func getSession(_ t: String, _ id: String, _ sid: String) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        guard let grant = state.grants.first(where: { $0.id == sid && $0.userId == id }) else {
            return .squirroError(404, "Session not found")
        }
        return .squirro(grantJSON(grant))
    }

    /// Deleting a session revokes its refresh token: the token endpoint then answers 410.
    mutating func deleteSession(_ t: String, _ id: String, _ sid: String) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        guard let grant = state.grants.first(where: { $0.id == sid && $0.userId == id }) else {
            return .squirroError(404, "Session not found")
        }
        state.grants.removeAll { $0.id == sid }
        state.revokedTokens.append(grant.refreshToken)
        return .squirroNoContent
    }

    func getAuthentication(_ t: String, _ service: String, _ id: String) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        guard let auth = state.authentications.first(where: { $0.userId == id && $0.tenant == t && $0.service == service }) else {
            return .squirroError(404, "Authentication not found")
        }
        return .squirro(.object(auth.fields))
    }

    /// JSON with `service_user` and `access_token` always; 201 when new, 200 when modified.
    mutating func setAuthentication(_ t: String, _ service: String, _ id: String, _ call: SquirroCall) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        guard var fields = call.json?.object, fields["service_user"]?.string != nil, fields["access_token"]?.string != nil else {
            return .squirroError(400, "service_user and access_token are required")
        }
        fields["state"] = "ok"
        if let index = state.authentications.firstIndex(where: { $0.userId == id && $0.tenant == t && $0.service == service }) {
            state.authentications[index].fields = fields
            return .squirro(.object(fields))
        }
        state.authentications.append(.init(userId: id, tenant: t, service: service, fields: fields))
        return .squirro(.object(fields), status: 201)
    }

    mutating func deleteAuthentication(_ t: String, _ service: String, _ id: String) -> EmulatorResponse {
        if case .failure(let response) = member(t, id) { return response }
        let before = state.authentications.count
        state.authentications.removeAll { $0.userId == id && $0.tenant == t && $0.service == service }
        return state.authentications.count == before ? .squirroError(404, "Authentication not found") : .squirroNoContent
    }
}
