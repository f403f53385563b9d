import RosterYAML

extension ConfigLoader {
    /// Every `until:` of the config's people: on a person, an account, a team membership.
    public func expiringGrants(of config: RosterConfig) -> [ExpiringGrant] {
        let reader = ValueReader(bag: DiagnosticBag(), environment: environment, baseDirectory: config.baseDirectory,
                                 secretsDirectories: secretsDirectories)
        var grants: [ExpiringGrant] = []
        for person in people(of: config) {
            if let until = person.until, let location = person.untilLocation {
                grants.append(ExpiringGrant(person: person.name, scope: .person, until: until, location: location))
            }
            for account in person.accounts {
                guard let node = account.node["until"], let until = reader.day(node, "until") else { continue }
                grants.append(ExpiringGrant(person: person.name, scope: .account(backend: account.backend),
                                            until: until, location: node.location))
            }
            for membership in person.teams {
                guard let until = membership.until else { continue }
                grants.append(ExpiringGrant(person: person.name, scope: .membership(team: membership.team),
                                            until: until, location: membership.location))
            }
        }
        return grants
    }

    /// Warnings for grants that end within `days` of `today`, and (with `expired`) for those
    /// already ended, which the config should drop.
    public func expiryWarnings(of config: RosterConfig, today: CalendarDay, within days: Int?,
                               expired: Bool) -> [Diagnostic] {
        expiringGrants(of: config).sorted { $0.location < $1.location }.compactMap { grant in
            if expired, grant.isExpired(on: today) {
                return Diagnostic(.warning, "\(grant.subject) ended on \(grant.until); remove it from the config",
                                  at: grant.location)
            }
            if let days, grant.endsWithin(days, of: today) {
                let left = today.days(until: grant.until)
                let when = left == 0 ? "today" : left == 1 ? "tomorrow" : "in \(left) days"
                return Diagnostic(.warning, "\(grant.subject) ends on \(grant.until) (\(when))", at: grant.location)
            }
            return nil
        }
    }
}
