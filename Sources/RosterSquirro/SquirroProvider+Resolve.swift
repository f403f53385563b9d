import RosterCore
import RosterYAML

extension SquirroProvider {
    /// What one account entry declares besides the user itself.
    struct AccountEntry {
        var email: String?
        var attributes: Attributes = [:]
        var password: Secret?
        var groups: [String]?
        var groupsNode: YAMLNode?
        var projects: [String: (String, SourceLocation)]?
        var workspaces: [String: (String, SourceLocation)]?
        var location: SourceLocation
    }

    public func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        let node = account.node
        var entry = read(node, person: person, backend: backend, reader: reader)
        let place = entry.email != nil ? node["email"]?.location : person.emailLocation
        entry.email = entry.email ?? person.email
        if let email = entry.email { EmailSyntax.checkDomain(email, backend: backend.name, at: place, reader.bag) }
        // Emails are keys, compared without case (the server treats them so; an assumption).
        guard let email = entry.email?.lowercased() else {
            reader.bag.error("'\(person.name)' needs an email on '\(backend.name)': Squirro users are keyed by email",
                             at: account.location, notes: [.init("set 'email' on the person or on the account")])
            return
        }
        let userID = state.id(Kind.user, email)
        if person.passwordUpdate == .always {
            // The SDK's only way, `change_user_password(user_id, current_password, ...)`, needs the
            // user's current password, and the user API has no admin reset.
            reader.bag.error("'password_update: always' is not possible on '\(backend.name)': Squirro changes a password "
                             + "only with the user's current one (change_user_password), which roster does not keep",
                             at: account.location, notes: [.init("use 'on_create': the password is set when the user is created")])
        }
        if person.state == .absent {
            state.addAbsent(Resource(userID, owner: person.name, location: entry.location), bag: reader.bag)
            return
        }
        if person.state == .disabled {
            lockOut(Resource(userID, owner: person.name, location: person.location), email: email, into: &state,
                    reader: reader)
            return
        }
        var attributes = entry.attributes
        if !person.fullName.isEmpty { attributes["full_name"] = .string(person.fullName) }
        attributes["password"] = (entry.password ?? person.password).map(Value.secret)
        // A user with a password is placed at it, so that a policy error points at the password.
        let location = entry.password != nil ? entry.location : person.password != nil
            ? person.passwordLocation ?? entry.location : entry.location
        var user = Resource(userID, attributes, owner: person.name, location: location,
                            passwordUpdate: person.passwordUpdate)
        // Previous addresses (under `previous_names`) rename the live user in place.
        user.previousKeys = Self.previousAddresses(person, entry.email, email)
        state.add(user, bag: reader.bag)
        addMemberships(entry, email: email, person: person, backend: backend, into: &state, reader: reader)
    }

    private func addMemberships(_ entry: AccountEntry, email: String, person: Person, backend: BackendConfig,
                                into state: inout DesiredState, reader: ValueReader) {
        if let groups = entry.groups {
            state.claim(Kind.groupMember, under: [email])
            for group in Set(groups).sorted() {
                let at = entry.groupsNode?.items.first { $0.scalar == group }?.location ?? entry.location
                Self.addOnce(Resource(state.id(Kind.groupMember, email, group), owner: person.name, location: at),
                             into: &state, bag: reader.bag)
            }
        }
        if let projects = entry.projects {
            state.claim(Kind.projectUser, under: [email])
            for (project, (role, location)) in projects.sorted(by: { $0.key < $1.key }) {
                Self.addOnce(Resource(state.id(Kind.projectUser, email, project), ["role": .string(role)], owner: person.name,
                                      location: location), into: &state, bag: reader.bag)
            }
        }
        if let workspaces = entry.workspaces {
            let tenant = (backend.settings as? Settings)?.tenant
            state.claim(Kind.workspaceUser, under: [email])
            for (domain, (role, location)) in workspaces.sorted(by: { $0.key < $1.key }) {
                if domain == tenant {
                    reader.bag.error("'\(domain)' is the tenant of '\(backend.name)'; a user's role there is 'role'", at: location)
                    continue
                }
                Self.addOnce(Resource(state.id(Kind.workspaceUser, email, domain), ["role": .string(role)], owner: person.name,
                                      location: location), into: &state, bag: reader.bag)
            }
        }
    }

    /// A person's previous names that are addresses, as keys of an e-mail-keyed kind.
    static func previousAddresses(_ person: Person, _ declared: String?, _ email: String) -> [[String]] {
        person.previousNames.filter { $0.contains("@") && !KeyIdentity.email.same($0, email) }.map { [$0] }
    }

    /// Adds a membership unless `resources` declared the very same one already.
    static func addOnce(_ resource: Resource, into state: inout DesiredState, bag: DiagnosticBag) {
        if let existing = state.resources[resource.id], existing.attributes == resource.attributes { return }
        state.add(resource, bag: bag)
    }

    private func read(_ node: YAMLNode, person: Person, backend: BackendConfig, reader: ValueReader) -> AccountEntry {
        var entry = AccountEntry(location: node.location)
        var data: [(String, Value?, SourceLocation)] = []
        let values = Self.accountKeys.read(node, person: person.name, backend: backend.name, reader: reader) { key, value in
            switch key.name {
            case "email":
                entry.email = reader.string(value, "email")
                if let email = entry.email { EmailSyntax.check(email, at: value.location, reader.bag) }
            case "data":
                value.forEachEntry("data", reader.bag) { key, item, field in
                    data.append((key, Self.scalar(item, "data.\(key)", reader), field.key.location))
                }
            case "groups": entry.groups = reader.stringList(value, "groups"); entry.groupsNode = value
            case "projects": entry.projects = Self.roleMap(value, "projects", ProjectRole.self, reader)
            case "workspaces": entry.workspaces = Self.roleMap(value, "workspaces", ServerRole.self, reader)
            case "password":
                entry.password = reader.secret(value, "password")
                entry.location = value.location
            default: preconditionFailure("account key '\(key.name)' of type squirro has no reader")
            }
        }
        entry.attributes = values.attributes
        for (key, value, location) in data {
            let attribute = Self.dataPrefix + key
            if let named = Self.accountKeys.key(setting: attribute), values.nodes[named.name] != nil {
                reader.bag.error("'data.\(key)' and '\(named.name)' both set the user's '\(key)'", at: location,
                                 notes: [.init("keep one: '\(named.name)'")])
                continue
            }
            entry.attributes[attribute] = value
        }
        return entry
    }

    enum ServerRole: String, CaseIterable { case admin, user, demo, reader }
    enum ProjectRole: String, CaseIterable { case reader, member, admin }

    /// `{NAME: ROLE}` with each role checked, keeping where each entry is.
    static func roleMap<Role: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ what: String, _ roles: Role.Type, _ reader: ValueReader
    ) -> [String: (String, SourceLocation)] where Role.RawValue == String {
        var result: [String: (String, SourceLocation)] = [:]
        node.forEachEntry(what, reader.bag) { name, value, entry in
            if let role = reader.choice(value, "\(what).\(name)", as: roles) { result[name] = (role.rawValue, entry.key.location) }
        }
        return result
    }

    /// A custom data value: plain integers and booleans keep their type, anything else is text.
    static func scalar(_ node: YAMLNode, _ what: String, _ reader: ValueReader) -> Value? {
        if node.kind == .scalar, node.isPlain, !node.isNull {
            if let int = node.int { return .int(int) }
            if let bool = node.bool { return .bool(bool) }
        }
        return reader.string(node, what).map(Value.string)
    }
}
