import RosterYAML

/// What a change does to a config's people, told from the YAML alone: a person whose entry
/// differs between the base and the working config (added, removed, edited or renamed) is touched;
/// the others are not read by a pull-request plan.
public struct ConfigChange: Sendable {
    /// Positions in the working config's `personEntries` of the touched people.
    public var workingPeople: [Int]
    /// Positions in the base config's `personEntries` of the touched people.
    public var basePeople: [Int]
    /// Why every person counts as touched, when one backend's planning keys changed
    /// (`prune`, `protect`, ...): then nothing can be left unread.
    public var everyone: String?
    /// The names of the people touched, from both configs.
    public var touchedNames: Set<String>
    /// People of the working config left unread.
    public var unchanged: Int { everyone == nil ? workingCount - workingPeople.count : 0 }
    let workingCount: Int

    public init(base: RosterConfig, working: RosterConfig) {
        workingCount = working.personEntries.count
        everyone = Self.planningChange(base: base, working: working)
        var baseHashes: [String: Int] = [:]
        baseHashes.reserveCapacity(base.personEntries.count)
        for entry in base.personEntries { baseHashes[entry.key.scalar ?? ""] = Self.hash(entry.value) }
        var workingNames = Set<String>()
        workingNames.reserveCapacity(workingCount)
        var touched: [Int] = [], names = Set<String>()
        for (i, entry) in working.personEntries.enumerated() {
            let name = entry.key.scalar ?? ""
            workingNames.insert(name)
            if everyone != nil || baseHashes[name] != Self.hash(entry.value) {
                touched.append(i)
                names.insert(name)
            }
        }
        var baseTouched: [Int] = []
        for (i, entry) in base.personEntries.enumerated() {
            let name = entry.key.scalar ?? ""
            if everyone != nil || names.contains(name) || !workingNames.contains(name) {
                baseTouched.append(i)
                names.insert(name)
            }
        }
        workingPeople = touched
        basePeople = baseTouched
        touchedNames = names
    }

    /// A backend in both configs whose keys other than connection keys differ: its plan may change
    /// for every person (`prune: all`, a new `email_template`).
    static func planningChange(base: RosterConfig, working: RosterConfig) -> String? {
        for backend in working.backends {
            guard let old = base.backend(named: backend.name) else { continue }
            let keys = Set(planningValues(old.node).keys).union(planningValues(backend.node).keys)
            let changed = keys.filter { planningValues(old.node)[$0] != planningValues(backend.node)[$0] }.sorted()
            if !changed.isEmpty { return "backend '\(backend.name)' changes \(changed.joined(separator: ", "))" }
        }
        return nil
    }

    static func planningValues(_ node: YAMLNode) -> [String: String] {
        guard node.kind == .mapping else { return [:] }
        var out: [String: String] = [:]
        for entry in node.entries {
            guard let key = entry.key.scalar, !ConnectionSettings.isConnection(key) else { continue }
            out[key] = ConnectionSettings.canonical(entry.value)
        }
        return out
    }

    /// A person's entry, as a hash of its structure and texts (not of its place in the file).
    static func hash(_ node: YAMLNode) -> Int {
        var hasher = Hasher()
        combine(node, into: &hasher)
        return hasher.finalize()
    }

    private static func combine(_ node: YAMLNode, into hasher: inout Hasher) {
        switch node.kind {
        case .scalar:
            hasher.combine(0 as UInt8)
            hasher.combine(node.isPlain)
            hasher.combine(node.scalar)
        case .sequence:
            hasher.combine(1 as UInt8)
            hasher.combine(node.count)
            for item in node.items { combine(item, into: &hasher) }
        case .mapping:
            hasher.combine(2 as UInt8)
            hasher.combine(node.count)
            for entry in node.entries {
                combine(entry.key, into: &hasher)
                combine(entry.value, into: &hasher)
            }
        }
    }
}
