extension AccessReportBuilder {
    /// An account's state from the attributes systems lock it with.
    static func state(_ resource: Resource) -> String {
        if let enabled = resource.attributes["enabled"]?.bool { return enabled ? "enabled" : "disabled" }
        if let role = resource.attributes["role"]?.string, role.lowercased() == "disabled" { return "disabled" }
        // A lock roster made where the system has no disabled flag (`Lockout`: cloud's priority 0).
        if let signIn = resource.attributes["sign_in"]?.string, signIn != "password" { return "disabled" }
        return "present"
    }

    /// A child object of an account as a role, a group or a key id: the key parts that are not
    /// the account's, and a role attribute where it has one.
    static func add(_ child: Resource, parentKey: [String], to account: inout AccessReport.Account) {
        var rest = child.id.key
        if rest.starts(with: parentKey) {
            rest.removeFirst(parentKey.count)
        } else if let i = rest.firstIndex(of: parentKey.last ?? "") {
            rest.remove(at: i)
        }
        var name = rest.joined(separator: "/")
        let kind = child.id.kind.split(separator: ".").last.map(String.init) ?? child.id.kind
        if kind.contains("key") || kind.contains("credential") {
            // `ctera.s3_key_count` is a number, not a key.
            if !kind.hasSuffix("count") { account.keys.append(name) }
            return
        }
        if let role = child.attributes["role"]?.string { name += ":" + role }
        if kind.contains("role") { account.roles.append(name) } else { account.groups.append(name) }
    }

    /// Orphans (administrators first), accounts of people who should have none, ending grants, totals.
    func summarize(_ backend: BackendConfig, _ accounts: [AccessReport.Account],
                   _ grants: [ExpiringGrant]) -> AccessReport.Backend {
        let orphans = accounts.filter { $0.owner == nil && !$0.rosterLogin }
            .sorted { ($0.administrator ? 0 : 1, $0.account) < ($1.administrator ? 0 : 1, $1.account) }
        let stillWorking = accounts.filter { account in
            switch account.ownerState {
            case "absent": true
            case "disabled": account.state != "disabled"
            default: false
            }
        }
        let ending = grants.filter { $0.endsWithin(window, of: today) }.sorted { ($0.until, $0.person) < ($1.until, $1.person) }
            .map { grant in
                AccessReport.Ending(person: grant.person, what: grant.subject, until: grant.until.description,
                                    days: today.days(until: grant.until), source: grant.location.description)
            }
        let totals = AccessReport.Totals(accounts: accounts.count, owned: accounts.count { $0.owner != nil },
                                         orphans: orphans.count, administrators: accounts.count(where: \.administrator),
                                         stillWorking: stillWorking.count, ending: ending.count)
        return AccessReport.Backend(name: backend.name, type: backend.type, accounts: accounts,
                                    orphans: orphans.map(\.account), stillWorking: stillWorking.map(\.account),
                                    ending: ending, totals: totals)
    }
}
