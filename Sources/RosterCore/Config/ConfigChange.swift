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

    /// `unchanged`: positions in `working` of people left out of `base` because their entry's
    /// text is the base's (`PeopleText`).
    public init(base: RosterConfig, working: RosterConfig, unchanged: Set<Int> = []) {
        workingCount = working.personEntries.count
        everyone = Self.planningChange(base: base, working: working) ?? Self.calendarChange(base: base, working: working)
        let old = base.personEntries, new = working.personEntries
        // A person usually sits at the same place in both: entries are matched by place, and by
        // name (a dictionary made once) only where the places disagree.
        var byName: [String: Int]?
        var partners = [Int?](repeating: nil, count: new.count)
        var isTouched = [Bool](repeating: false, count: new.count)
        var matched = [Bool](repeating: false, count: old.count)
        for (i, entry) in new.enumerated() {
            // Unchanged by its text: its base entry was never parsed.
            if everyone == nil, !unchanged.isEmpty, unchanged.contains(i) { continue }
            var j: Int?
            if i < old.count, old[i].key.sameContent(as: entry.key) {
                j = i
            } else {
                if byName == nil {
                    byName = Dictionary(old.enumerated().map { ($0.element.key.scalar ?? "", $0.offset) }) { a, _ in a }
                }
                j = byName?[entry.key.scalar ?? ""]
            }
            partners[i] = j
            if let j { matched[j] = true }
            if everyone != nil {
                isTouched[i] = true
            } else {
                isTouched[i] = j.map { !old[$0].value.sameContent(as: entry.value) } ?? true
            }
        }
        // Members of a team whose definition changed (or of a team that includes one) are
        // touched too: their entries are the same, their accounts are not.
        let teams = Self.changedTeams(base: base, working: working)
        if !teams.isEmpty {
            for (i, entry) in new.enumerated() where !isTouched[i] && Self.belongs(entry.value, to: teams) {
                isTouched[i] = true
            }
        }
        var touched: [Int] = [], names = Set<String>()
        var baseTouched = [Bool](repeating: false, count: old.count)
        for (i, entry) in new.enumerated() where isTouched[i] {
            touched.append(i)
            names.insert(entry.key.scalar ?? "")
            if let j = partners[i] { baseTouched[j] = true }
        }
        var basePeople: [Int] = []
        for (j, entry) in old.enumerated() where everyone != nil || baseTouched[j] || !matched[j] {
            basePeople.append(j)
            names.insert(entry.key.scalar ?? "")
        }
        workingPeople = touched
        self.basePeople = basePeople
        touchedNames = names
    }

    /// `timezone:` or `expire_to:` changed: every `until:` may now end otherwise.
    static func calendarChange(base: RosterConfig, working: RosterConfig) -> String? {
        if base.timeZone != working.timeZone { return "'timezone' changes" }
        if base.expireTo != working.expireTo { return "'expire_to' changes" }
        return nil
    }

    /// The teams whose definition differs (added, removed or edited), and every team that
    /// includes one of them, however deep.
    static func changedTeams(base: RosterConfig, working: RosterConfig) -> Set<String> {
        var changed = Set<String>()
        for name in Set(base.teams.keys).union(working.teams.keys) {
            switch (base.teams[name]?.node, working.teams[name]?.node) {
            case let (old?, new?) where old.sameContent(as: new): continue
            default: changed.insert(name)
            }
        }
        guard !changed.isEmpty else { return [] }
        var grew = true
        while grew {
            grew = false
            for team in base.teams.values.map({ $0 }) + working.teams.values.map({ $0 })
            where !changed.contains(team.name) && team.includes.contains(where: { changed.contains($0.team) }) {
                changed.insert(team.name)
                grew = true
            }
        }
        return changed
    }

    /// Whether a person's entry lists one of `teams` under `teams:` (`ops` or `{team: ops, ...}`).
    static func belongs(_ person: YAMLNode, to teams: Set<String>) -> Bool {
        guard let list = person["teams"], list.kind == .sequence else { return false }
        return list.items.contains { item in
            let name = item.kind == .mapping ? item["team"]?.scalar : item.scalar
            return name.map(teams.contains) ?? false
        }
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
}
