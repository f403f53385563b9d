import RosterCore
import RosterYAML

extension UyuniProvider {
    static let groupKeys = ["description"]

    public func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        let node = account.node
        var login = person.name
        var roles: [String]?, assigned: [String]?, defaults: [String]?
        var password = person.password
        let values = Self.accountKeys.read(node, person: person.name, backend: backend.name, reader: reader) { key, value in
            switch key.name {
            case "login": login = reader.string(value, "login") ?? login
            case "roles": roles = reader.stringList(value, "roles")
            case "system_groups": assigned = reader.stringList(value, "system_groups")
            case "default_system_groups": defaults = reader.stringList(value, "default_system_groups")
            case "password": password = reader.secret(value, "password")
            default: preconditionFailure("account key '\(key.name)' of type uyuni has no reader")
            }
        }
        var fields = Array(values.attributes.map { ($0.name, $0.value) })
        let rolesNode = values.nodes["roles"]
        let groupNodes = [Kind.assignedGroup: values.nodes["system_groups"],
                          Kind.defaultGroup: values.nodes["default_system_groups"]]
        let loginNode = node["login"]
        Self.checkLogin(login, at: loginNode?.location ?? node.location, reader.bag)
        let userID = state.id(Kind.user, login)
        let location = loginNode?.location ?? person.location
        if person.state == .absent {
            state.addAbsent(Resource(userID, owner: person.name, location: location), bag: reader.bag)
            return
        }
        if let first = person.firstName { fields.append(("first_name", .string(first))) }
        if let last = person.lastName { fields.append(("last_name", .string(last))) }
        if let email = person.email { fields.append(("email", .string(email))) }
        fields.append(("enabled", .bool(person.state == .active)))
        if let password { fields.append(("password", .secret(password))) }
        var user = Resource(userID, Attributes(fields), owner: person.name, location: location,
                            passwordUpdate: person.passwordUpdate)
        // Uyuni cannot rename a login: a live user under a previous name is a plan error, never a second account.
        user.previousKeys = person.previousNames.map { [$0] }
        state.add(user, bag: reader.bag)
        if let roles {
            state.claim(Kind.role, under: userID.key)
            for role in Self.normalizeRoles(roles) {
                // At the label's line, for the plan-time check of assignable roles.
                let at = rolesNode?.items.first { $0.scalar == role }?.location ?? location
                state.add(Resource(state.id(Kind.role, login, role), owner: person.name, location: at),
                          bag: reader.bag)
            }
        }
        // Each list given claims its kind under the user; no list, no claim.
        func groups(_ kind: String, _ groups: [String]?) {
            guard let groups else { return }
            state.claim(kind, under: userID.key)
            for group in Self.unique(groups) {
                // At the group's line, for the plan-time check that the group exists.
                let at = groupNodes[kind]??.items.first { $0.scalar == group }?.location ?? location
                state.add(Resource(state.id(kind, login, group), owner: person.name, location: at),
                          bag: reader.bag)
            }
        }
        groups(Kind.assignedGroup, assigned)
        groups(Kind.defaultGroup, defaults)
    }

    public func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        resources.forEachEntry("resources of '\(backend.name)'", reader.bag) { key, value, entry in
            guard key == "system_groups" else {
                reader.bag.unknownKey(key, in: "resources of '\(backend.name)' (type uyuni)", at: entry.key.location,
                                      known: ["system_groups"])
                return
            }
            value.forEachEntry("system_groups", reader.bag) { name, group, groupEntry in
                var attributes: Attributes = [:]
                group.forEachEntry("system group '\(name)'", reader.bag) { field, fieldValue, fieldEntry in
                    if field == "description" {
                        attributes["description"] = reader.string(fieldValue, "description").map(Value.string)
                    } else {
                        reader.bag.unknownKey(field, in: "system group '\(name)'", at: fieldEntry.key.location,
                                              known: Self.groupKeys)
                    }
                }
                state.add(Resource(state.id(Kind.systemGroup, name), attributes, location: groupEntry.key.location),
                          bag: reader.bag)
            }
        }
    }

    /// Drops the roles `org_admin` implies, on both sides, so the plan does not flap.
    static func normalizeRoles(_ roles: [String]) -> [String] {
        let unique = unique(roles)
        return unique.contains("org_admin") ? unique.filter { !impliedByOrgAdmin.contains($0) } : unique
    }

    /// The distinct names of a short list, in order.
    static func unique(_ names: [String]) -> [String] {
        if names.count < 2 { return names }
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }

    static let forbiddenInLogins: [UInt8] = Array("&+%'`\"=#".utf8)

    /// The server's login rules (5–63 ASCII characters, no white space, none of & + % ' ` " = #),
    /// checked at plan time so the error points at the config.
    static func checkLogin(_ login: String, at location: SourceLocation, _ bag: DiagnosticBag) {
        if login.utf8.count < 5 || login.utf8.count > 63 {
            bag.error("Uyuni login '\(login)' must be 5 to 63 characters long", at: location)
        } else if login.utf8.contains(where: { $0 >= 0x80 || $0 <= 0x20 || $0 == 0x7F || forbiddenInLogins.contains($0) }) {
            bag.error("Uyuni login '\(login)' has characters Uyuni refuses", at: location,
                      notes: [.init("logins are ASCII without white space or any of & + % ' ` \" = #")])
        }
    }
}
