import RosterYAML

extension ConfigDecoder {
    /// The person of an entry of `people` (its key is the name); nil, with an error, when it is
    /// not a mapping.
    func decodePerson(_ entry: YAMLEntry, backends: Set<String>) -> Person? {
        let name = entry.key.scalar ?? "", node = entry.value
        guard node.kind == .mapping else {
            bag.error("person '\(name)' must be a mapping", at: node.location, notes: ValueReader.got(node))
            return nil
        }
        var person = Person(name: name, location: entry.key.location, firstName: nil, lastName: nil, email: nil,
                            state: .active, password: nil, passwordUpdate: .onCreate, previousNames: [],
                            accounts: [])
        for field in node.entries {
            let value = field.value
            switch field.key.scalar ?? "" {
            case "first_name": person.firstName = reader.string(value, "first_name")
            case "last_name": person.lastName = reader.string(value, "last_name")
            case "email":
                person.email = reader.string(value, "email")
                person.emailLocation = value.location
                if let email = person.email { EmailSyntax.check(email, at: value.location, bag) }
            case "state": person.state = reader.choice(value, "state", as: PersonState.self) ?? .active
            case "password":
                person.password = reader.secret(value, "password")
                person.passwordLocation = value.location
            case "password_update":
                person.passwordUpdate = reader.choice(value, "password_update", as: PasswordUpdate.self) ?? .onCreate
            case "previous_names": person.previousNames = reader.stringList(value, "previous_names") ?? []
            case "teams": person.teams = decodeMemberships(value, person: name)
            case "until":
                person.until = reader.day(value, "until")
                person.untilLocation = value.location
            case "expire_to": person.expireTo = reader.choice(value, "expire_to", as: ExpireTo.self)
            case "accounts":
                value.forEachEntry("accounts", bag) { backend, account, accountEntry in
                    checkBackendName(backend, at: accountEntry.key.location, known: backends,
                                     what: "the accounts of '\(name)'")
                    person.accounts.append(Account(backend: backend, node: account))
                }
            case let key:
                bag.unknownKey(key, in: "person '\(name)'", at: field.key.location, known: Self.personKeys)
            }
        }
        return person
    }
}
