import RosterCore
import RosterYAML

extension CloudProvider {
    /// One declared API key: its label, priority if given, and where it is written.
    struct DeclaredKey {
        var label: String
        var priority: Int?
        var location: SourceLocation
        /// Seconds the key lasts, sent as the token API's `duration` when it is created.
        var duration: Int? = nil
    }

    public func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        let node = account.node
        var email = person.email, password = person.password
        var keys: [DeclaredKey]?
        var companyID: Value?
        let values = Self.accountKeys.read(node, person: person.name, backend: backend.name, reader: reader) { key, value in
            switch key.name {
            case "email":
                if let declared = reader.string(value, "email") {
                    email = declared
                    EmailSyntax.check(declared, at: value.location, reader.bag)
                }
            case "password": password = reader.secret(value, "password")
            case "company_id": companyID = value.isNull ? Value.null : reader.int(value, "company_id").map(Value.int)
            case "api_keys": keys = Self.apiKeys(value, reader)
            case "revoke_api_keys": break
            case "is_admin":
                if reader.bool(value, "is_admin") == true {
                    reader.bag.error("roster cannot make '\(person.name)' an admin on '\(backend.name)'", at: value.location,
                                     notes: [.init("admin users are pre-provisioned; roster reads them but never creates or changes them")])
                }
            default: preconditionFailure("account key '\(key.name)' of type cloud has no reader")
            }
        }
        var attributes = values.attributes
        if let companyID { attributes["company_id"] = companyID }
        let revoked = values.nodes["revoke_api_keys"], platforms = values.nodes["platform_ids"]
        if let email {
            let place = node["email"] != nil ? node["email"]?.location : person.emailLocation
            EmailSyntax.checkDomain(email, backend: backend.name, at: place, reader.bag)
        }
        guard let address = Self.address(person, email, backend, node, state, reader) else { return }
        let location = node["email"]?.location ?? node.location
        let userID = state.id(Kind.user, address)
        if person.state == .absent {
            state.addAbsent(Resource(userID, owner: person.name, location: location), bag: reader.bag)
            return
        }
        if person.state == .disabled {
            Self.resolveDisabled(userID, person: person, location: location, into: &state, bag: reader.bag)
            return
        }
        if attributes["priority"] == .int(0) { Self.refuseLockMark(node, person: person, backend: backend, reader.bag) }
        if let revoked {
            Self.resolveRevoked(revoked, email: address, person: person, declared: keys, into: &state, reader: reader)
        }
        attributes["sign_in"] = .string(SignIn.password)
        attributes["first_name"] = person.firstName.map(Value.string)
        attributes["last_name"] = person.lastName.map(Value.string)
        attributes["password"] = password.map(Value.secret)
        var user = Resource(userID, attributes, owner: person.name, location: location,
                            passwordUpdate: person.passwordUpdate)
        // Previous addresses (under `previous_names`) rename the live user in place.
        user.previousKeys = person.previousNames.filter { $0.contains("@") && !KeyIdentity.email.same($0, address) }
            .map { [$0.lowercased()] }
        state.add(user, bag: reader.bag)
        // Where each platform id is written, for the plan-time check against the platform list.
        if let platforms { state.attributeNodes[.init(userID, "platform_ids")] = platforms }
        guard let keys else { return }
        Self.addKeys(keys, address: address, cap: attributes["priority"]?.int, person: person, backend: backend,
                     into: &state, reader: reader)
    }

    /// The declared keys: all of this user's keys, so a live one not listed is revoked, if the backend prunes.
    static func addKeys(_ keys: [DeclaredKey], address: String, cap: Int?, person: Person, backend: BackendConfig,
                        into state: inout DesiredState, reader: ValueReader) {
        if backend.prune == .all { state.claim(Kind.apiKey, under: [address]) }
        for key in keys {
            Self.checkKeyPriority(key, cap: cap, reader.bag)
            var keyAttributes: Attributes = [:]
            keyAttributes["priority"] = key.priority.map(Value.int)
            keyAttributes["duration"] = key.duration.map(Value.int)
            state.add(Resource(state.id(Kind.apiKey, address, key.label), keyAttributes, owner: person.name,
                               location: key.location), bag: reader.bag)
        }
    }

    public func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        resources.forEachEntry("resources of '\(backend.name)'", reader.bag) { key, _, entry in
            reader.bag.unknownKey(key, in: "resources of '\(backend.name)' (type cloud)", at: entry.key.location, known: [])
        }
    }

    /// The person's address, lower-cased; generated from the backend's `email_template` when the
    /// person has none, numbered when another account on this backend already has it.
    static func address(_ person: Person, _ email: String?, _ backend: BackendConfig, _ node: YAMLNode,
                        _ state: DesiredState, _ reader: ValueReader) -> String? {
        if let email { return email.lowercased() }
        guard let template = (backend.settings as? Settings)?.emailTemplate else {
            reader.bag.error("'\(person.name)' has no email for '\(backend.name)'", at: node.location,
                             notes: [.init("set 'email' on the person or the account, or 'email_template' on the backend")])
            return nil
        }
        guard let base = GeneratedData.email(template: template, first: person.firstName, last: person.lastName,
                                             name: person.name) else {
            reader.bag.error("'email_template' makes no address for '\(person.name)'", at: person.location)
            return nil
        }
        return GeneratedData.numbered(base) { candidate in
            let id = state.id(Kind.user, candidate)
            return state.resources.contains(id) || state.absent[id] != nil
        }
    }

    /// `api_keys: [ci, laptop]` or `api_keys: {ci: {priority: 1}, laptop: {}}`.
    static func apiKeys(_ node: YAMLNode, _ reader: ValueReader) -> [DeclaredKey]? {
        if node.kind == .sequence {
            return node.items.compactMap { item in
                reader.string(item, "api_keys").map { DeclaredKey(label: $0, priority: nil, location: item.location) }
            }
        }
        var keys: [DeclaredKey] = []
        node.forEachEntry("api_keys", reader.bag) { label, value, entry in
            var key = DeclaredKey(label: label, priority: nil, location: entry.key.location)
            value.forEachEntry("API key '\(label)'", reader.bag) { field, fieldValue, fieldEntry in
                if field == "priority" {
                    key.priority = priority(fieldValue, "priority", reader)
                } else if field == "duration" {
                    key.duration = reader.int(fieldValue, "duration")
                    if let seconds = key.duration, seconds < 1 {
                        reader.bag.error("'duration' must be 1 second or more", at: fieldValue.location)
                    }
                } else {
                    reader.bag.unknownKey(field, in: "API key '\(label)'", at: fieldEntry.key.location,
                                          known: ["priority", "duration"])
                }
            }
            keys.append(key)
        }
        return keys
    }

    static func priority(_ node: YAMLNode, _ what: String, _ reader: ValueReader) -> Int? {
        guard let value = reader.int(node, what) else { return nil }
        guard value >= 0 else {
            reader.bag.error("'\(what)' must be 0 or more", at: node.location)
            return nil
        }
        return value
    }
}
