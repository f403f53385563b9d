/// Tells whether live accounts are locked where the provider cannot tell from what it reads
/// (`Lockout`): the live object lacks the lock attribute, so the declared password is checked
/// without changing anything, and refused is locked. Without a declared password there is nothing
/// to check, and the account is taken to be as the config wants it.
struct LockoutCheck {
    let kinds: [String: Lockout]

    init(_ provider: any Provider) {
        var kinds: [String: Lockout] = [:]
        for kind in provider.kinds { if let lockout = kind.lockout { kinds[kind.name] = lockout } }
        self.kinds = kinds
    }

    /// The desired objects whose live object does not say whether it is locked; those whose
    /// password is not to be checked (`Lockout.differsFromLocked`) come without it.
    func undecided(_ live: [Resource], desired: ResourceTable, scopes: ScopeSet) -> [Resource] {
        guard !kinds.isEmpty else { return [] }
        return live.compactMap { resource in
            guard let lockout = kinds[resource.id.kind], resource.attributes[lockout.attribute] == nil,
                  let row = desired.index(of: resource.id) else { return nil }
            var want = desired.resource(at: row)
            // Not told apart by a check: taken to be as the config wants it, like an account
            // without a declared password.
            if !lockout.differsFromLocked(want, scopes: scopes) { want.attributes["password"] = nil }
            return want
        }
    }

    /// The live objects with their lock attribute filled in from the check's answer.
    func decide(_ live: [Resource], undecided: [Resource], refused: Set<ResourceID>) -> [Resource] {
        guard !undecided.isEmpty else { return live }
        let wanted = Dictionary(undecided.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return live.map { resource in
            guard let want = wanted[resource.id], let lockout = kinds[resource.id.kind] else { return resource }
            var decided = resource
            decided.attributes[lockout.attribute] = want.attributes["password"] == nil
                ? want.attributes[lockout.attribute]
                : (refused.contains(resource.id) ? lockout.locked : lockout.open)
            return decided
        }
    }
}
