import RosterYAML

extension ConfigDecoder {
    func decodeBackend(_ name: String, _ node: YAMLNode, _ entry: YAMLEntry) -> BackendConfig? {
        guard node.kind == .mapping else {
            bag.error("backend '\(name)' must be a mapping", at: node.location, notes: ValueReader.got(node))
            return nil
        }
        guard let typeNode = node["type"], let type = reader.string(typeNode, "type") else {
            if node["type"] == nil { bag.error("backend '\(name)' needs a 'type'", at: entry.key.location,
                                               notes: [.init("known types: \(registry.types.joined(separator: ", "))")]) }
            return nil
        }
        guard let provider = registry[type] else {
            bag.error("unknown backend type '\(type)'", at: typeNode.location,
                      notes: Suggestion.note(for: type, in: registry.types)
                        + [.init("known types: \(registry.types.joined(separator: ", "))")])
            return nil
        }
        var url: String?, prune = PruneMode.none, protect: [String] = [], parallelism: Int?
        var seed: String?, state: String?, safety = SafetyLimits(), retry = RetrySettings(), tls = TLSOptions()
        let known = Self.backendKeys + provider.settingKeys
        node.forEachEntry("backend '\(name)'", bag) { key, value, entry in
            switch key {
            case "type": break
            case "url": url = reader.string(value, "url")
            case "prune": prune = reader.choice(value, "prune", as: PruneMode.self) ?? prune
            case "protect": protect = reader.stringList(value, "protect") ?? []
            case "parallelism":
                parallelism = reader.int(value, "parallelism", atLeast: 1)
            case "seed": seed = reader.string(value, "seed").map(reader.resolvePath)
            case "state": state = reader.string(value, "state").map(reader.resolvePath)
            case "safety": safety = SafetyLimits.read(value, backend: name, reader: reader)
            case "retry": retry = RetrySettings.read(value, backend: name, reader: reader)
            case "ca_file": tls.caFile = TLSOptions.readCAFile(value, reader: reader)
            case "proxy":
                tls.proxy = reader.secret(value, "proxy")
                if let text = tls.proxy?.reveal(), text != "none", ProxySettings.Proxy(text) == nil {
                    bag.error("'proxy' must be a URL such as http://proxy.example.com:3128, or none", at: value.location)
                }
            case "insecure":
                tls.insecure = reader.bool(value, "insecure") ?? false
                tls.insecureLocation = entry.key.location
            case "allow_plaintext":
                tls.allowPlaintext = reader.bool(value, "allow_plaintext") ?? false
                tls.plaintextLocation = entry.key.location
            default:
                if !provider.settingKeys.contains(key) {
                    bag.unknownKey(key, in: "backend '\(name)' (type \(type))", at: entry.key.location, known: known)
                }
            }
        }
        guard let url else {
            bag.error("backend '\(name)' needs a 'url' (or 'url: sandbox')", at: entry.key.location)
            return nil
        }
        PlaintextRule.check(url: url, node: node, backend: name, allowed: tls.allowPlaintext, bag: bag)
        if url != "sandbox", seed != nil || state != nil {
            bag.error("'seed' and 'state' only apply to 'url: sandbox'", at: node.location)
        }
        if tls.insecure && node["ca_file"] != nil {
            bag.error("backend '\(name)' has both 'insecure: true' and 'ca_file'; keep 'ca_file'", at: tls.insecureLocation)
        }
        if tls.insecure {
            // A warning of the config, so that `validate`, every plan form and `import` show it.
            bag.add(TLSOptions.insecureWarning(backend: name, url: url, at: tls.insecureLocation))
        }
        // Plain HTTP to another host, allowed: said on every run, with the config's warnings.
        if tls.allowPlaintext && PlaintextRule.isRemotePlaintext(url) {
            bag.add(PlaintextRule.warning(backend: name, url: url, at: tls.plaintextLocation))
        }
        guard let settings = provider.readSettings(node, backend: name, reader: reader) else { return nil }
        return BackendConfig(name: name, type: type, url: url, location: entry.key.location, prune: prune,
                             protect: protect, parallelism: parallelism, sandboxSeed: seed, sandboxState: state,
                             node: node, settings: settings, safety: safety, retry: retry, tls: tls)
    }
}
