import RosterCore
import RosterYAML

extension ActiveLogicProvider {
    public func resolve(person: Person, account: Account, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        let node = account.node
        var name = person.name
        var attributes = Attributes()
        var password = person.password
        var keys: [String]?
        let bag = reader.bag
        _ = Self.accountKeys.read(node, person: person.name, backend: backend.name, reader: reader) { key, value in
            switch key.name {
            case "name": name = reader.string(value, "name") ?? name
            case "password": password = reader.secret(value, "password")
            case let mask where Self.masks.contains(mask):
                attributes[mask] = ActiveLogicValues.mask(value, mask, bag).map(Value.int)
            case "timeout":
                let seconds = reader.int(value, "timeout")
                if let seconds, seconds < 0 { bag.error("'timeout' must not be negative", at: value.location) }
                attributes["timeout"] = seconds.map(Value.int)
            case "hosts":
                guard value.kind == .sequence else {
                    bag.error("'hosts' must be a list of IP addresses or CIDR networks", at: value.location)
                    return
                }
                attributes["hosts"] = .set(value.items.compactMap { ActiveLogicValues.host($0, bag) })
            case "ssh_keys":
                guard value.kind == .sequence else {
                    bag.error("'ssh_keys' must be a list of OpenSSH public keys", at: value.location)
                    return
                }
                keys = sshKeys(value, bag)
            default: preconditionFailure("account key '\(key.name)' of type activelogic has no reader")
            }
        }
        let location = node["name"]?.location ?? person.location
        let userID = state.id(Kind.user, name)
        if person.state == .absent {
            state.addAbsent(Resource(userID, owner: person.name, location: location), bag: bag)
            return
        }
        attributes["name"] = .string(name)
        attributes["password"] = password.map(Value.secret)
        if person.state == .disabled {
            Self.resolveDisabled(userID, attributes: attributes, person: person, location: location, into: &state, bag: bag)
            return
        }
        attributes["sign_in"] = .string(SignIn.password)
        var user = Resource(userID, attributes, owner: person.name, location: location,
                            passwordUpdate: person.passwordUpdate)
        user.previousKeys = person.previousNames.filter { $0 != name }.map { [$0] }
        state.add(user, bag: bag)
        guard let keys else { return }
        state.claim(Kind.pubkey, under: [name])
        for key in keys {
            state.add(Resource(state.id(Kind.pubkey, name, key), owner: person.name, location: location), bag: bag)
        }
    }

    /// The keys of a list, each reduced to its base64 body; the same key twice is an error.
    private func sshKeys(_ list: YAMLNode, _ bag: DiagnosticBag) -> [String] {
        var seen: [String: YAMLNode] = [:]
        var keys: [String] = []
        for item in list.items {
            guard let key = ActiveLogicValues.sshKey(item, bag) else { continue }
            if let first = seen[key] {
                bag.error("the same SSH key is listed twice", at: item.location,
                          notes: [.init("first listed here", at: first.location)])
                continue
            }
            seen[key] = item
            keys.append(key)
        }
        return keys
    }

    public func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        resources.forEachEntry("resources of '\(backend.name)'", reader.bag) { key, _, entry in
            reader.bag.error("backend type activelogic has no resources outside people's accounts",
                             at: entry.key.location)
        }
    }
}
