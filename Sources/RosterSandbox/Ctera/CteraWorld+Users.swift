import CteraXML

/// Local users (`users/{name}`) and directory users (`domains/{d}/adUsers/{name}`).
extension CteraWorld {
    /// The attributes a PUT may change; everything else in the body (uid, baseObjectRef, deleted,
    /// displayName, ...) is read-only and ignored. Directory users take only a role.
    static let writable = ["name", "email", "firstName", "lastName", "role", "company", "comment",
                           "requirePasswordChangeOn", "password"]

    func object(_ user: CteraState.User, portal: Int, domain: String?) -> CteraObject {
        let tenant = state.portals[portal].name
        let className = domain == nil ? "PortalUser" : "ADUser"
        let ref = "objs/\(user.uid)/\(tenant)/\(className)/\(user.name)" + (domain.map { "/\($0)" } ?? "")
        return CteraObject(className, [
            "uid": .int(user.uid), "name": .text(user.name), "email": .text(user.email),
            "firstName": .text(user.firstName), "lastName": .text(user.lastName), "role": .text(user.role),
            "company": .optional(user.company), "comment": .optional(user.comment),
            "requirePasswordChangeOn": .optional(user.requirePasswordChangeOn), "deleted": .bool(false),
            "displayName": .text("\(user.firstName) \(user.lastName)"), "baseObjectRef": .text(ref),
        ])
    }

    /// The attributes asked for, each path with a leading `/`; an unknown user is an object with a
    /// null `name` (which the SDK turns into "Object not found").
    func getMulti(_ param: CteraValue, portal: Int, domain: String?, name: String) -> EmulatorResponse {
        guard let paths = param.list?.compactMap(\.string) else { return CteraWire.error(400, "get-multi takes a list of paths") }
        guard let address = state.find(portal: portal, domain: domain, name: name) else {
            return CteraWire.value(.object(CteraObject(nil, ["name": .null])))
        }
        let full = object(state[address], portal: portal, domain: domain)
        var answer = CteraObject(full.className)
        for path in paths {
            let attribute = path.hasPrefix("/") ? String(path.dropFirst()) : path
            answer[attribute] = full[attribute] ?? .null
        }
        return CteraWire.value(.object(answer))
    }

    func getUser(portal: Int, domain: String?, name: String, attribute: String?) -> EmulatorResponse {
        guard let address = state.find(portal: portal, domain: domain, name: name) else { return CteraWire.notFound }
        let full = object(state[address], portal: portal, domain: domain)
        guard let attribute else { return CteraWire.value(.object(full)) }
        guard let value = full[attribute] else { return CteraWire.notFound }
        return CteraWire.value(value)
    }

    mutating func addUser(_ param: CteraValue, portal: Int) -> EmulatorResponse {
        guard let fields = param.object, let name = fields.string("name"), !name.isEmpty else {
            return CteraWire.error(400, "A user needs a name")
        }
        if let problem = Self.nameProblem(name) { return CteraWire.error(400, problem) }
        guard state.find(portal: portal, domain: nil, name: name) == nil else {
            return CteraWire.error(409, "User \(name) already exists")
        }
        var user = CteraState.User(uid: 0, name: name, email: "", firstName: "", lastName: "", role: "EndUser",
                                   company: nil, comment: nil, requirePasswordChangeOn: nil, password: "")
        if let problem = Self.apply(fields, to: &user, local: true) { return CteraWire.error(400, problem) }
        guard !user.password.isEmpty else { return CteraWire.error(400, "A password is required") }
        user.uid = state.takeUid()
        state.portals[portal].users.append(user)
        return CteraWire.value(.text("objs/\(user.uid)/\(state.portals[portal].name)/PortalUser/\(name)"))
    }

    /// The whole object of a local user back: read-only attributes ignored, a missing or empty
    /// password unchanged. Directory users are never written (the dispatch refuses them).
    mutating func putUser(_ body: CteraValue, portal: Int, name: String) -> EmulatorResponse {
        guard let address = state.find(portal: portal, domain: nil, name: name) else { return CteraWire.notFound }
        guard let fields = body.object else { return CteraWire.error(400, "PUT takes the whole object") }
        var user = state[address]
        if let newName = fields.string("name"), newName != name {
            if let problem = Self.nameProblem(newName) { return CteraWire.error(400, problem) }
            guard state.find(portal: portal, domain: nil, name: newName) == nil else {
                return CteraWire.error(409, "User \(newName) already exists")
            }
        }
        if let problem = Self.apply(fields, to: &user, local: true) { return CteraWire.error(400, problem) }
        state[address] = user
        return CteraWire.value(.object(object(user, portal: portal, domain: nil)))
    }

    mutating func deleteUser(portal: Int, domain: String?, name: String) -> EmulatorResponse {
        guard let address = state.find(portal: portal, domain: domain, name: name) else { return CteraWire.notFound }
        state.remove(address)
        return CteraWire.empty()
    }

    /// Copies the writable attributes present in `fields`; returns the portal's complaint, if any.
    static func apply(_ fields: CteraObject, to user: inout CteraState.User, local: Bool) -> String? {
        for attribute in fields.attributes where writable.contains(attribute.name) {
            let value = attribute.value
            switch attribute.name {
            case "name": if let text = value.string, !text.isEmpty { user.name = text }
            case "email": user.email = value.string ?? ""
            case "firstName": user.firstName = value.string ?? ""
            case "lastName": user.lastName = value.string ?? ""
            case "role": user.role = value.string ?? ""
            case "company": user.company = value.string
            case "comment": user.comment = value.string
            case "requirePasswordChangeOn": user.requirePasswordChangeOn = value.string.flatMap { $0.isEmpty ? nil : $0 }
            case "password":
                guard let text = value.string, !text.isEmpty else { continue }
                guard text.count >= 8 else { return "Password must contain at least 8 characters" }
                user.password = text
            default: break
            }
        }
        guard CteraState.roles.contains(user.role) else { return "Invalid role: \(user.role)" }
        guard local else { return nil }
        guard user.email.contains("@") else { return "Invalid email address: \(user.email)" }
        guard !user.firstName.isEmpty, !user.lastName.isEmpty else { return "First and last name are required" }
        if let date = user.requirePasswordChangeOn, !isDate(date) { return "Invalid date: \(date)" }
        return nil
    }

    static func nameProblem(_ name: String) -> String? {
        let forbidden = Set("/\\?#%\"'<>&")
        if name.count > 64 { return "User name is longer than 64 characters" }
        if name.contains(where: { forbidden.contains($0) || $0.isWhitespace && $0 != " " }) {
            return "User name contains invalid characters: \(name)"
        }
        return nil
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }
}
