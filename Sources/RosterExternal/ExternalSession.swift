import RosterCore

/// A `ProviderSession` whose work a provider program does. Opened by `open`, which starts the
/// program, checks that it describes the kinds roster declares, and connects it.
public struct ExternalSession: ProviderSession {
    public let client: ExternalClient
    public let backend: String
    public let kinds: [ResourceKind]
    public let mode: SessionMode
    /// The program's `fetch` honours `named_only` (its `describe` says so).
    public var fetchesNamedOnly = false

    public static func open(backend: String, kinds: [ResourceKind], settings: ExternalProgramSettings,
                            connect params: [String: WireValue], secrets: Set<String>, mode: SessionMode,
                            environment: [String: String] = [:]) async throws -> ExternalSession {
        let client = try ExternalClient.launch(backend: backend, settings: settings, environment: environment)
        var namedOnly = false
        do {
            let described = try await client.call(.describe, ["protocol_versions": .array([.int(ExternalProtocol.version)])])
            guard let description = ExternalProtocol.parseDescription(described) else {
                throw RosterError(backend: backend, operation: "describe", code: .providerProgram,
                                  message: "the provider program's description has no name or malformed kinds")
            }
            namedOnly = description.fetchesNamedOnly
            let problems = ExternalProtocol.differences(declared: kinds, described: description.kinds)
            guard problems.isEmpty else {
                throw RosterError(backend: backend, operation: "describe", code: .providerProgram,
                                  message: "the provider program '\(description.name)' does not describe the kinds "
                                    + "roster expects: " + problems.joined(separator: "; "))
            }
            var connect = params
            connect["read_only"] = .bool(mode == .readOnly)
            _ = try await client.call(.connect, connect, secrets: secrets)
        } catch {
            await client.close()
            throw error
        }
        var session = ExternalSession(client: client, backend: backend, kinds: kinds, mode: mode)
        session.fetchesNamedOnly = namedOnly
        return session
    }

    public func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        var keys: [String: WireValue] = [:]
        for (kind, set) in interest.keys {
            keys[kind] = .array(set.sorted { $0.lexicographicallyPrecedes($1) }.map { .array($0.map(WireValue.string)) })
        }
        var params: [String: WireValue] = ["everything": .bool(interest.everything), "keys": .object(keys)]
        // A pull-request plan: only the named objects are compared (the program may leave the rest out).
        if interest.namedOnly && fetchesNamedOnly { params["named_only"] = .bool(true) }
        // Objects the plan deletes, whose children may have to go first (read them as named ones).
        if !interest.absent.isEmpty {
            params["absent"] = .object(interest.absent.mapValues { set in
                .array(set.sorted { $0.lexicographicallyPrecedes($1) }.map { .array($0.map(WireValue.string)) })
            })
        }
        if let compared = interest.kinds {
            params["kinds"] = .array(compared.sorted().map(WireValue.string))
        }
        let result = try await client.call(.fetch, params)
        guard let items = result["resources"]?.array else { throw malformed("fetch", "no 'resources' list") }
        return try items.map(resource)
    }

    private func resource(_ item: WireValue) throws -> Resource {
        guard let kindName = item["kind"]?.string, let kind = kinds.first(where: { $0.name == kindName }) else {
            throw malformed("fetch", "an object of unknown kind '\(item["kind"]?.string ?? "")'")
        }
        guard let key = item["key"]?.array?.compactMap(\.string), key.count == kind.keyFields.count else {
            throw malformed("fetch", "a '\(kindName)' whose key is not \(kind.keyFields.count) strings")
        }
        var attributes = Attributes()
        for (name, wire) in item["attributes"]?.object ?? [:] {
            let spec = kind.attribute(name)
            guard let spec, spec.access != .writeOnly else { continue }
            guard let value = wire.value(sensitive: spec.sensitive) else {
                throw malformed("fetch", "attribute '\(name)' of '\(kindName)' '\(key.joined(separator: "/"))' "
                                + "is not a string, integer, boolean or list")
            }
            attributes[name] = value
        }
        return Resource(ResourceID(backend: backend, kind: kindName, key: key), attributes)
    }

    public func apply(_ change: Change) async throws -> ApplyResult {
        let operation = "\(change.operation.rawValue) \(change.id.kind)"
        guard mode == .readWrite else {
            throw RosterError(backend: backend, operation: operation, object: change.id.keyString,
                              message: "refused: the session is read-only")
        }
        var secrets = Set<String>()
        var body: [String: WireValue] = [
            "operation": .string(change.operation.rawValue), "kind": .string(change.id.kind),
            "key": .array(change.id.key.map(WireValue.string)),
        ]
        if let before = change.before { body["before"] = WireValue(before, secrets: &secrets) }
        if let after = change.after { body["after"] = WireValue(after, secrets: &secrets) }
        let result = try await client.call(.apply, ["change": .object(body)], secrets: secrets,
                                           operation: operation, object: change.id.keyString)
        var produced: [String: Secret] = [:]
        for (name, value) in result["secrets"]?.object ?? [:] {
            if let text = value.string { produced[change.id.secretName(name)] = Secret(text) }
        }
        return ApplyResult(secrets: produced)
    }

    public func passwordMismatches(_ resources: [Resource]) async throws -> Set<ResourceID> {
        var secrets = Set<String>()
        let items: [WireValue] = resources.compactMap { resource in
            guard let password = resource.attributes["password"] else { return nil }
            return .object(["kind": .string(resource.id.kind), "key": .array(resource.id.key.map(WireValue.string)),
                            "password": WireValue(password, secrets: &secrets)])
        }
        let result = try await client.call(.verifyPasswords, ["resources": .array(items)], secrets: secrets)
        guard let mismatches = result["mismatches"]?.array else {
            throw malformed("verify_passwords", "no 'mismatches' list")
        }
        return Set(mismatches.compactMap { item in
            guard let kind = item["kind"]?.string, let key = item["key"]?.array?.compactMap(\.string) else { return nil }
            return ResourceID(backend: backend, kind: kind, key: key)
        })
    }

    public func close() async { await client.close() }

    private func malformed(_ method: String, _ what: String) -> RosterError {
        RosterError(backend: backend, operation: method, code: .providerProgram,
                    message: "the provider program answered '\(method)' with \(what)")
    }
}
