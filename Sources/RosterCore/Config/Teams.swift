import RosterYAML

/// An entry of `teams:`: accounts granted to every member, per backend, with the keys a person's
/// account takes, and other teams whose grants come along (`include:`).
public struct Team: Sendable {
    public var name: String
    public var location: SourceLocation
    public var description: String?
    public var accounts: [Account]
    public var includes: [Include]
    /// The team's mapping as written (a pull-request plan compares it with the base's).
    public var node: YAMLNode? = nil

    public struct Include: Sendable {
        public var team: String
        public var location: SourceLocation
    }
}

/// A person's `teams:` item: `platform`, or `{team: oncall, until: 2027-03-31}`.
public struct TeamMembership: Sendable {
    public var team: String
    public var until: CalendarDay?
    public var location: SourceLocation
}

extension ConfigDecoder {
    static let teamKeys = ["description", "include", "accounts"]

    /// The teams of `teams:` mappings, checked: known backends, known included teams, no cycle.
    func decodeTeams(_ nodes: [(String, YAMLNode, YAMLEntry)], backends: Set<String>) -> [String: Team] {
        var teams: [String: Team] = [:]
        for (name, node, entry) in nodes {
            guard node.kind == .mapping || node.isNull else {
                bag.error("team '\(name)' must be a mapping", at: node.location, notes: ValueReader.got(node))
                continue
            }
            var team = Team(name: name, location: entry.key.location, description: nil, accounts: [], includes: [])
            team.node = node
            node.forEachEntry("team '\(name)'", bag) { key, value, field in
                switch key {
                case "description": team.description = reader.string(value, "description")
                case "include":
                    guard value.kind == .sequence else {
                        _ = reader.stringList(value, "include")
                        return
                    }
                    for item in value.items {
                        if let included = reader.string(item, "include") {
                            team.includes.append(.init(team: included, location: item.location))
                        }
                    }
                case "accounts":
                    value.forEachEntry("accounts", bag) { backend, account, accountEntry in
                        checkBackendName(backend, at: accountEntry.key.location, known: backends,
                                         what: "the accounts of team '\(name)'")
                        if account["until"] != nil {
                            bag.error("'until' belongs on a person's membership of team '\(name)', not on its accounts",
                                      at: account.location)
                        }
                        team.accounts.append(Account(backend: backend, node: account))
                    }
                default: bag.unknownKey(key, in: "team '\(name)'", at: field.key.location, known: Self.teamKeys)
                }
            }
            teams[name] = team
        }
        for team in teams.values {
            for include in team.includes where teams[include.team] == nil {
                bag.error("team '\(team.name)' includes unknown team '\(include.team)'", at: include.location,
                          notes: Suggestion.note(for: include.team, in: teams.keys.sorted()))
            }
        }
        checkCycles(teams)
        return teams
    }

    /// An include cycle is an error at the include that closes it, naming the whole cycle.
    private func checkCycles(_ teams: [String: Team]) {
        var done = Set<String>(), reported = Set<String>()
        func visit(_ path: [String]) {
            guard let name = path.last, let team = teams[name], !done.contains(name) else { return }
            for include in team.includes {
                if let start = path.firstIndex(of: include.team) {
                    let cycle = Array(path[start...]) + [include.team]
                    guard reported.isDisjoint(with: cycle) else { continue }
                    reported.formUnion(cycle)
                    bag.error("teams include each other in a cycle: \(cycle.joined(separator: " → "))",
                              at: include.location)
                } else {
                    visit(path + [include.team])
                }
            }
            done.insert(name)
        }
        for name in teams.keys.sorted() { visit([name]) }
    }

    /// A person's `teams:` list.
    func decodeMemberships(_ node: YAMLNode, person: String) -> [TeamMembership] {
        guard node.kind == .sequence else {
            bag.error("'teams' must be a list of team names or {team: NAME, until: YYYY-MM-DD}", at: node.location,
                      notes: ValueReader.got(node))
            return []
        }
        var memberships: [TeamMembership] = []
        for item in node.items {
            if item.kind == .scalar {
                if let team = reader.string(item, "teams") {
                    memberships.append(.init(team: team, until: nil, location: item.location))
                }
                continue
            }
            var membership = TeamMembership(team: "", until: nil, location: item.location)
            item.forEachEntry("a team membership of '\(person)'", bag) { key, value, field in
                switch key {
                case "team": membership.team = reader.string(value, "team") ?? ""
                case "until": membership.until = reader.day(value, "until")
                default: bag.unknownKey(key, in: "a team membership of '\(person)'", at: field.key.location,
                                        known: ["team", "until"])
                }
            }
            if item["team"] == nil { bag.error("a team membership needs 'team: NAME'", at: item.location) }
            if !membership.team.isEmpty { memberships.append(membership) }
        }
        return memberships
    }
}
