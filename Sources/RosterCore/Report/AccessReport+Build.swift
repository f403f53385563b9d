import RosterYAML

/// Builds the access review from the config and what each backend has.
public struct AccessReportBuilder {
    public var registry: ProviderRegistry
    public var today: CalendarDay
    /// Grants ending within this many days are listed.
    public var window = 30
    /// The config's `expire_to:`, for people whose `until:` has passed and who set none.
    public var expireTo = ExpireTo.disabled

    public init(registry: ProviderRegistry, today: CalendarDay) {
        self.registry = registry
        self.today = today
    }

    /// Whether a kind is a login of its system: top-level kinds named `*user` (`uyuni.user`,
    /// `ctera.domain_user`, ...).
    static func isAccount(_ kind: ResourceKind) -> Bool { kind.isTopLevel && kind.name.hasSuffix("user") }

    public func build(backends: [BackendConfig], desired: [String: DesiredState], people: [Person],
                      grants: [ExpiringGrant], live: [String: [Resource]]) -> AccessReport {
        var states: [String: PersonState] = [:]
        for person in people {
            var state = person.state
            if let until = person.until, today > until, state != .absent { state = (person.expireTo ?? expireTo).state }
            states[person.name] = state
        }
        let reports = backends.compactMap { backend -> AccessReport.Backend? in
            guard let provider = registry[backend.type] else { return nil }
            return report(backend, provider, desired[backend.name] ?? DesiredState(backend: backend.name),
                          live[backend.name] ?? [], states, grants)
        }
        return AccessReport(date: today.description, endingWithinDays: window, backends: reports)
    }

    private func report(_ backend: BackendConfig, _ provider: any Provider, _ desired: DesiredState,
                        _ live: [Resource], _ states: [String: PersonState],
                        _ grants: [ExpiringGrant]) -> AccessReport.Backend {
        let kinds = Dictionary(uniqueKeysWithValues: provider.kinds.map { ($0.name, $0) })
        let owners = owners(desired, kinds)
        let admins = provider.administrators(in: live)
        let own = provider.ownLogin(backend).map { canonical($0, kinds) }
        var children: [ResourceID: [Resource]] = [:]
        for resource in live {
            guard let kind = kinds[resource.id.kind] else { continue }
            for parent in kind.parents {
                guard let parentKind = kinds[parent.kind], Self.isAccount(parentKind) else { continue }
                let id = ResourceID(backend: backend.name, kind: parent.kind, key: parent.parentKey(of: resource.id.key))
                children[canonical(id, kinds), default: []].append(resource)
            }
        }
        var accounts: [AccessReport.Account] = []
        for resource in live.sorted(by: { $0.id < $1.id }) {
            guard let kind = kinds[resource.id.kind], Self.isAccount(kind) else { continue }
            let id = canonical(resource.id, kinds)
            let owner = owners[id]
            var account = AccessReport.Account(
                kind: resource.id.kind, account: resource.id.keyString, owner: owner,
                ownerState: owner.flatMap { states[$0]?.rawValue }, administrator: admins.contains(resource.id),
                rosterLogin: id == own, state: Self.state(resource), roles: [], groups: [], keys: [])
            if let role = resource.attributes["role"]?.string { account.roles.append(role) }
            for child in children[id] ?? [] { Self.add(child, parentKey: resource.id.key, to: &account) }
            accounts.append(account)
        }
        return summarize(backend, accounts, grants.filter { grant in
            switch grant.scope {
            case .account(let name): name == backend.name
            case .person, .membership: owners.values.contains(grant.person)
            }
        })
    }

    /// Who owns each desired account: the person whose entry (or team) declares it.
    private func owners(_ desired: DesiredState, _ kinds: [String: ResourceKind]) -> [ResourceID: String] {
        var owners: [ResourceID: String] = [:]
        let all = Array(desired.resources.values) + Array(desired.absent.values) + Array(desired.kept.values)
        for resource in all {
            guard let owner = resource.owner, let kind = kinds[resource.id.kind], Self.isAccount(kind) else { continue }
            owners[canonical(resource.id, kinds)] = owner
        }
        return owners
    }

    private func canonical(_ id: ResourceID, _ kinds: [String: ResourceKind]) -> ResourceID {
        guard let kind = kinds[id.kind] else { return id }
        return ResourceID(backend: id.backend, kind: id.kind, key: kind.canonicalKey(id.key))
    }
}
