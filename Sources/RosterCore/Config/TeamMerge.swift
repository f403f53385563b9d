import RosterYAML

/// One person's account on one backend made of several entries: their own and their teams'.
/// Lists are unions; a scalar the person sets wins; two teams that set one scalar differently
/// are an error naming both places. Expired team memberships add nothing but claim their lists
/// (empty), so that what they granted is taken away.
struct MergedAccount {
    struct Entry {
        var key: String
        var keyNode: YAMLNode
        /// A scalar or mapping value; nil for a list.
        var value: YAMLNode?
        /// Who set `value` (nil: the person, or an expired membership's claim).
        var team: String?
        var setByPerson = false
        /// A list's items, each with the team that brought it (nil: the person).
        var items: [(node: YAMLNode, text: String, team: String?)]?
    }

    var backend: String
    var entries: [Entry] = []
    /// The place of the account: the person's own entry, else the first team's.
    var location: SourceLocation?

    init(backend: String) { self.backend = backend }

    /// Adds the entries of an account mapping; `team` nil for the person's own.
    mutating func add(_ node: YAMLNode, team: String?, person: String, bag: DiagnosticBag) {
        if location == nil { location = node.location }
        guard node.kind == .mapping else { return }
        for field in node.entries {
            let key = field.key.scalar ?? ""
            guard key != "until" else { continue }
            let rendered = field.value.kind == .sequence ? nil : AccountText.render(field.value)
            guard let i = entries.firstIndex(where: { $0.key == key }) else {
                var entry = Entry(key: key, keyNode: field.key, value: rendered == nil ? nil : field.value, team: team,
                                  setByPerson: team == nil)
                if rendered == nil { entry.items = [] }
                entries.append(entry)
                if rendered == nil { addItems(field.value, to: entries.count - 1, team: team) }
                continue
            }
            if entries[i].items != nil, rendered == nil {
                addItems(field.value, to: i, team: team)
            } else if let team, !entries[i].setByPerson,
                      (entries[i].value.map(AccountText.render) ?? "[list]") != (rendered ?? "[list]") {
                let first = entries[i].value ?? entries[i].keyNode
                bag.error("teams '\(entries[i].team ?? "?")' and '\(team)' set '\(key)' differently for '\(person)' on '\(backend)'",
                          at: field.value.location,
                          notes: [.init("team '\(entries[i].team ?? "?")' sets it here", at: first.location),
                                  .init("set '\(key)' in the person's own account to decide")])
            }
        }
    }

    /// Claims the list keys of an expired membership's account, adding no item.
    mutating func claimLists(_ node: YAMLNode) {
        guard node.kind == .mapping else { return }
        for field in node.entries where field.value.kind == .sequence {
            let key = field.key.scalar ?? ""
            if !entries.contains(where: { $0.key == key }) {
                entries.append(Entry(key: key, keyNode: field.key, value: nil, team: nil, items: []))
            }
        }
    }

    private mutating func addItems(_ list: YAMLNode, to i: Int, team: String?) {
        for item in list.items {
            let text = AccountText.render(item)
            if !(entries[i].items ?? []).contains(where: { $0.text == text }) {
                entries[i].items?.append((item, text, team))
            }
        }
    }

    /// The team that brought each list item no other source gave, by its text.
    var itemTeams: [String: String] {
        var teams: [String: String] = [:]
        for entry in entries {
            for item in entry.items ?? [] {
                if let team = item.team, teams[item.node.scalar ?? item.text] == nil {
                    teams[item.node.scalar ?? item.text] = team
                }
            }
        }
        return teams
    }
}
