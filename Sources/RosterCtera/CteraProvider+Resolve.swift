import RosterCore
import RosterYAML

extension CteraProvider {
    /// An account mapping, read into its parts.
    struct AccountSpec {
        var name: String
        var directory: String?
        /// The declared role; nil leaves a live user's role as it is (`role` defaults on create).
        var role: CteraRole?
        var attributes = Attributes()
        var password: Secret?
        var s3Keys: Int?
        var revoked: [String] = []
    }

    public func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        let spec = read(account.node, person: person, backend: backend, reader: reader)
        // A directory user is placed at its directory, where a mistyped one is reported.
        let location = (spec.directory != nil ? account.node["directory"]?.location : nil)
            ?? account.node["name"]?.location ?? person.location
        let id = spec.directory.map { state.id(Kind.domainUser, $0, spec.name) } ?? state.id(Kind.user, spec.name)
        if person.state == .absent {
            state.addAbsent(Resource(id, owner: person.name, location: location), bag: reader.bag)
            return
        }
        // Disabled is a role on the portal: a disabled person gets it, and the declared role back
        // when enabled again.
        var attributes = spec.attributes
        attributes["role"] = (person.state == .disabled ? CteraRole.disabled : spec.role).map { .string($0.rawValue) }
        guard spec.directory == nil else {
            var roleOnly = Attributes()
            roleOnly["role"] = attributes["role"]
            state.add(Resource(id, roleOnly, owner: person.name, location: location), bag: reader.bag)
            return
        }
        attributes["first_name"] = person.firstName.map(Value.string)
        attributes["last_name"] = person.lastName.map(Value.string)
        attributes["email"] = person.email.map(Value.string)
        attributes["password"] = spec.password.map(Value.secret)
        var user = Resource(id, attributes, owner: person.name, location: location, passwordUpdate: person.passwordUpdate)
        user.previousKeys = person.previousNames.filter { $0 != spec.name }.map { [$0] }
        state.add(user, bag: reader.bag)
        if person.state == .disabled {
            // No key works for a disabled person: every live S3 key is deleted, each its own action
            // (the portal offers no way to deactivate one). Re-enabling creates the declared count anew.
            state.claim(Kind.s3Credential, under: [spec.name])
        } else if let count = spec.s3Keys {
            state.add(Resource(state.id(Kind.s3KeyCount, spec.name), ["count": .int(count)], owner: person.name,
                               location: account.node["s3_keys"]?.location ?? location), bag: reader.bag)
        }
        for key in spec.revoked {
            state.addAbsent(Resource(state.id(Kind.s3Credential, spec.name, key), owner: person.name,
                                     location: account.node["revoke_s3_keys"]?.location ?? location), bag: reader.bag)
        }
    }

    func read(_ node: YAMLNode, person: Person, backend: BackendConfig, reader: ValueReader) -> AccountSpec {
        var spec = AccountSpec(name: person.name, password: person.password)
        let values = Self.accountKeys.read(node, person: person.name, backend: backend.name, reader: reader) { key, value in
            switch key.name {
            case "name": spec.name = reader.string(value, "name") ?? spec.name
            case "directory": spec.directory = reader.string(value, "directory")
            case "role": spec.role = CteraRole.read(value, reader: reader) ?? spec.role
            case "password": spec.password = reader.secret(value, "password")
            case "must_change_password": readPasswordChange(value, into: &spec, reader: reader)
            case "s3_keys": spec.s3Keys = reader.int(value, "s3_keys", atLeast: 0)
            case "revoke_s3_keys": spec.revoked = reader.stringList(value, "revoke_s3_keys") ?? []
            default: preconditionFailure("account key '\(key.name)' of type ctera has no reader")
            }
        }
        for attribute in values.attributes { spec.attributes[attribute.name] = attribute.value }
        if spec.directory != nil {
            for key in Self.localOnlyKeys {
                guard let place = node[key] else { continue }
                reader.bag.error("'\(key)' does not apply to a directory user", at: place.location,
                                 notes: [.init("the directory '\(spec.directory!)' holds this user's details")])
            }
            spec.password = nil
        }
        return spec
    }

    /// `true` (at next login), a number of days after the password is set, or a date `YYYY-MM-DD`.
    func readPasswordChange(_ node: YAMLNode, into spec: inout AccountSpec, reader: ValueReader) {
        if let flag = node.bool {
            if flag { spec.attributes["password_change_days"] = .int(-1) }
        } else if let days = node.int {
            spec.attributes["password_change_days"] = .int(days)
        } else if let text = node.scalar, CteraDates.isDate(text) {
            spec.attributes["password_change_on"] = .string(text)
        } else {
            reader.bag.error("'must_change_password' takes true, a number of days or a date YYYY-MM-DD",
                             at: node.location)
        }
    }

    public func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState, reader: ValueReader) {
        guard !resources.isNull else { return }
        reader.bag.error("backend '\(backend.name)' (type ctera) has no resources of its own", at: resources.location,
                         notes: [.init("declare users under people")])
    }

    /// The facts under which a session lists the directories the portal knows and those it does not.
    static let knownDirectoriesFact = "ctera.known_directories"
    static let unknownDirectoriesFact = "ctera.unknown_directories"

    /// A directory user of a directory the portal is not connected to: its directory is named,
    /// with the ones the portal knows; otherwise the checks without the live state.
    public func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        let unknown = live.facts[Self.unknownDirectoriesFact]?.list?.compactMap(\.string) ?? []
        guard change.id.kind == Kind.domainUser, change.operation == .create,
              let directory = change.id.key.first, unknown.contains(directory) else {
            return check(change, backend: backend)
        }
        let known = live.facts[Self.knownDirectoriesFact]?.list?.compactMap(\.string) ?? []
        return [.error("directory '\(directory)' of '\(change.id.key[1])' is not one '\(backend.name)' is connected to",
                       at: change.location ?? backend.location,
                       notes: Suggestion.note(for: directory, in: known)
                           + [.init("the portal answered 404 for its users; check the directory's name")])]
    }

    /// Plan-time errors at the config's line.
    public func check(_ change: Change, backend: BackendConfig) -> [Diagnostic] {
        switch (change.id.kind, change.operation) {
        case (Kind.domainUser, .create):
            return [.error("domain user '\(change.id.key[1])' is not in directory '\(change.id.key[0])' on '\(backend.name)'",
                           at: change.location,
                           notes: [.init("roster does not create directory users: add them to the directory first")])]
        case (Kind.domainUser, .update):
            return [Self.directoryRoleError(change, backend: backend)]
        case (Kind.s3KeyCount, .update):
            let have = change.before?["count"]?.int ?? 0, want = change.value("count")?.int ?? 0
            guard want < have else { return [] }
            let keys = change.before?["access_keys"]?.list?.compactMap(\.string) ?? []
            return [.error("user '\(change.id.key[0])' has \(have) S3 keys on '\(backend.name)' but 's3_keys' is \(want)",
                           at: change.location,
                           notes: [.init("name the keys to remove under 'revoke_s3_keys': \(keys.joined(separator: ", "))")])]
        default:
            return []
        }
    }
}
