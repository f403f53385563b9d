import RosterYAML

/// Turns loaded YAML documents into a `RosterConfig`, merging the top-level sections of several
/// files: a name defined in two files is an error naming both places.
struct ConfigDecoder {
    let registry: ProviderRegistry
    let reader: ValueReader
    /// Reads `version` and `backends` only, leaving people and resources unread.
    var backendsOnly = false
    var bag: DiagnosticBag { reader.bag }

    static let backendKeys = ["type", "url", "prune", "protect", "parallelism", "seed", "state", "safety", "retry",
                              "ca_file", "insecure", "allow_plaintext", "proxy"]
    static let personKeys = ["first_name", "last_name", "email", "state", "password", "password_update",
                             "previous_names", "accounts", "teams", "until", "expire_to"]

    func decode(_ documents: [YAMLDocument], files: [String], digest: String) -> RosterConfig {
        var version: Int?
        var backendNodes: [(String, YAMLNode, YAMLEntry)] = []
        // The mappings themselves, not an entry or a name per person: a large config has
        // hundreds of thousands.
        var personEntries = PersonEntries()
        var resourceNodes: [(String, YAMLNode, YAMLEntry)] = []
        var teamNodes: [(String, YAMLNode, YAMLEntry)] = []
        var settings = TopLevelSettings()
        for document in documents {
            let root = document.root
            if root.kind == .scalar && root.isNull { continue }
            root.forEachEntry("the config file", bag) { key, value, entry in
                switch key {
                case "version":
                    if let v = reader.int(value, "version") {
                        if v != 1 { bag.error("unsupported config version \(v); this roster reads version 1",
                                              at: value.location) }
                        version = v
                    }
                case "backends": value.forEachEntry("backends", bag) { backendNodes.append(($0, $1, $2)) }
                case "people" where backendsOnly, "resources" where backendsOnly: break
                case "people":
                    // As `forEachEntry` reads it: a mapping, or nothing (null); anything else is an error.
                    if value.kind == .mapping {
                        personEntries.append(value.entries)
                    } else {
                        value.forEachEntry("people", bag) { _, _, _ in }
                    }
                case "resources": value.forEachEntry("resources", bag) { resourceNodes.append(($0, $1, $2)) }
                case "teams" where backendsOnly: break
                case "teams": value.forEachEntry("teams", bag) { teamNodes.append(($0, $1, $2)) }
                case "timezone", "expire_to": settings.read(key, value, reader)
                default: bag.unknownKey(key, in: "the config", at: entry.key.location, known: ConfigLoader.topLevelKeys)
                }
            }
        }
        if version == nil, let first = documents.first {
            bag.error("the config needs 'version: 1'", at: first.root.location)
        }
        // One file's duplicate keys are the YAML loader's errors already (a file read in two parts
        // was checked across the cut); only a merge of files can add some.
        if files.count > 1 {
            checkUnique(backendNodes, "backend")
            checkUnique(personEntries.map { ($0.key.scalar ?? "", $0.value, $0) }, "person")
            checkUnique(resourceNodes, "resources of backend")
            checkUnique(teamNodes, "team")
        }
        var backends: [BackendConfig] = [], undecoded: Set<String> = []
        for (name, node, entry) in backendNodes {
            if let backend = decodeBackend(name, node, entry) { backends.append(backend) } else { undecoded.insert(name) }
        }
        backends.sort { $0.name < $1.name }
        // A backend that failed is reported once, by its own error.
        let names = Set(backends.map(\.name)).union(undecoded)
        var resources: [String: YAMLNode] = [:]
        for (name, node, entry) in resourceNodes {
            checkBackendName(name, at: entry.key.location, known: names, what: "resources")
            resources[name] = node
        }
        var config = RosterConfig(version: version ?? 1, files: files, backends: backends, personEntries: personEntries,
                                  resources: resources, digest: digest)
        config.undecodedBackends = undecoded
        config.teams = decodeTeams(teamNodes, backends: names)
        settings.apply(to: &config)
        return config
    }

    private func checkUnique(_ entries: [(String, YAMLNode, YAMLEntry)], _ what: String) {
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(entries.count)
        for (name, _, entry) in entries {
            if let first = seen[name] {
                bag.error("\(what) '\(name)' is defined twice", at: entry.key.location,
                          notes: [.init("first defined here", at: first)])
            } else {
                seen[name] = entry.key.location
            }
        }
    }

    func checkBackendName(_ name: String, at location: SourceLocation, known: Set<String>, what: String) {
        if !known.contains(name) {
            bag.error("unknown backend '\(name)' in \(what)", at: location,
                      notes: Suggestion.note(for: name, in: known.sorted()))
        }
    }
}
