import RosterYAML

/// What resolving people needs besides the person: the backends, their providers, the teams and
/// the day `until:` is compared with.
struct PersonContext {
    var config: RosterConfig
    var index: [String: Int]
    var providers: [(any Provider)?]
    var reader: ValueReader
    var today: CalendarDay
}

extension ConfigLoader {
    /// The day `until:` is compared with: `today` when set (`--now`), else the config's zone's day.
    public func day(for config: RosterConfig) -> CalendarDay {
        today ?? CalendarDay.today(in: config.timeZone)
    }

    /// One person's desired objects on every backend of their accounts and teams.
    func resolve(_ person: Person, _ context: PersonContext, into states: inout [DesiredState]) {
        var person = person
        if let until = person.until, context.today > until, person.state != .absent {
            person.state = (person.expireTo ?? context.config.expireTo).state
        }
        if person.teams.isEmpty && !person.accounts.contains(where: { $0.node["until"] != nil }) {
            for account in person.accounts { resolve(person, account, context, into: &states, bag: context.reader.bag) }
            return
        }
        let (active, expired) = memberships(of: person, context)
        var backends = person.accounts.map(\.backend)
        for team in active + expired {
            for account in team.accounts where !backends.contains(account.backend) { backends.append(account.backend) }
        }
        for backend in backends {
            let own = person.accounts.first { $0.backend == backend }
            let ownExpired = own?.node["until"].flatMap { context.reader.day($0, "until") }.map { context.today > $0 } ?? false
            let granting = active.compactMap { team in team.accounts.first { $0.backend == backend }.map { (team.name, $0) } }
            let taken = expired.compactMap { team in team.accounts.first { $0.backend == backend } }
            if let own, own.node["until"] == nil, granting.isEmpty, taken.isEmpty {
                resolve(person, own, context, into: &states, bag: context.reader.bag)
                continue
            }
            var merged = MergedAccount(backend: backend)
            if let own { merged.add(own.node, team: nil, person: person.name, bag: context.reader.bag) }
            for (team, account) in granting { merged.add(account.node, team: team, person: person.name, bag: context.reader.bag) }
            for account in taken { merged.claimLists(account.node) }
            var gone = person
            // The account ends with its own `until:`, or when the only teams that granted it have.
            if ownExpired || (own == nil && granting.isEmpty), gone.state != .absent { gone.state = .absent }
            let via = own == nil ? granting.first.map { "team \($0.0)" } : nil
            resolve(gone, merged, via: via, context, into: &states)
        }
    }

    /// The person's teams, includes followed, split into those still granted and those expired.
    private func memberships(of person: Person, _ context: PersonContext) -> (active: [Team], expired: [Team]) {
        let teams = context.config.teams
        var active: [Team] = [], expired: [Team] = []
        for membership in person.teams {
            guard teams[membership.team] != nil else {
                context.reader.bag.error("'\(person.name)' is in unknown team '\(membership.team)'", at: membership.location,
                                         notes: Suggestion.note(for: membership.team, in: teams.keys.sorted()))
                continue
            }
            let isExpired = membership.until.map { context.today > $0 } ?? false
            var queue = [membership.team], seen = Set<String>()
            while let name = queue.first {
                queue.removeFirst()
                guard seen.insert(name).inserted, let team = teams[name] else { continue }
                queue += team.includes.map(\.team)
                if isExpired {
                    if !expired.contains(where: { $0.name == name }) { expired.append(team) }
                } else if !active.contains(where: { $0.name == name }) {
                    active.append(team)
                }
            }
        }
        expired.removeAll { team in active.contains { $0.name == team.name } }
        return (active, expired)
    }

    /// A merged account resolved apart, its places mapped back, then added to the backend's state
    /// with where each object comes from.
    private func resolve(_ person: Person, _ merged: MergedAccount, via: String?, _ context: PersonContext,
                         into states: inout [DesiredState]) {
        guard let i = context.index[merged.backend], let document = merged.document(person: person.name) else { return }
        let (node, places) = document
        let bag = DiagnosticBag()
        let reader = ValueReader(bag: bag, environment: context.reader.environment,
                                 baseDirectory: context.reader.baseDirectory,
                                 secretsDirectories: context.reader.secretsDirectories)
        var scratch = [DesiredState](repeating: DesiredState(backend: merged.backend), count: states.count)
        resolve(person, Account(backend: merged.backend, node: node), PersonContext(
            config: context.config, index: context.index, providers: context.providers, reader: reader,
            today: context.today), into: &scratch, bag: bag)
        for diagnostic in bag.diagnostics { context.reader.bag.add(places.map(diagnostic)) }
        let itemTeams = merged.itemTeams
        let real = context.reader.bag
        for var resource in scratch[i].resources.values {
            resource.location = places.map(resource.location)
            let team = resource.id.key.lazy.compactMap { itemTeams[$0] }.first.map { "team \($0)" } ?? via
            if let team { states[i].via[resource.id] = team }
            states[i].add(resource, bag: real)
        }
        for (_, absent) in scratch[i].absent.sorted(by: { $0.key < $1.key }) {
            var resource = absent
            resource.location = places.map(resource.location)
            states[i].addAbsent(resource, bag: real)
        }
        for (_, kept) in scratch[i].kept.sorted(by: { $0.key < $1.key }) {
            var resource = kept
            resource.location = places.map(resource.location)
            states[i].keep(resource, bag: real)
        }
        for scope in scratch[i].scopes { states[i].claim(scope.kind, under: scope.keyPrefix) }
        states[i].disabledOwners.formUnion(scratch[i].disabledOwners)
    }

    /// One account of a person on its backend, through the backend's provider.
    func resolve(_ person: Person, _ account: Account, _ context: PersonContext, into states: inout [DesiredState],
                 bag: DiagnosticBag) {
        // An unknown backend was reported by the decoder.
        guard let i = context.index[account.backend], let provider = context.providers[i] else { return }
        let backend = context.config.backends[i]
        // Every provider reads an account as a mapping (empty: `{}` or nothing).
        guard account.node.kind == .mapping || account.node.isNull else {
            bag.error("account of '\(person.name)' on '\(backend.name)' must be a mapping", at: account.location)
            return
        }
        if person.passwordUpdate == .verify && !provider.canVerifyPasswords {
            bag.error("'password_update: verify' is not possible on '\(backend.name)': \(provider.passwordCheckTrace)",
                      at: account.location, notes: [.init("use 'on_create' or 'always' for '\(person.name)'")])
        }
        provider.resolve(person: person, account: account, backend: backend, into: &states[i], reader: context.reader)
        if person.state == .disabled { states[i].disabledOwners.insert(person.name) }
    }
}
