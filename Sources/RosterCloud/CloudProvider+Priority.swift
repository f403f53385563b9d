import RosterCore
import RosterYAML

/// A key's priority must be lower than its user's (reference §3.3; the server refuses an equal one
/// too), and the user's caps its keys' (§3.2): the server refuses lowering it to or below a live
/// key's. Both are plan errors at the config's line, so roster never plans what the server refuses.
extension CloudProvider {
    /// A key that declares a priority needs its user's declared too (the live one may differ from
    /// the default, and may be changed by the same plan), and lower than it.
    static func checkKeyPriority(_ key: DeclaredKey, cap: Int?, _ bag: DiagnosticBag) {
        guard let priority = key.priority else {
            if cap == 0 {
                bag.error("API key '\(key.label)' gets the platform's default priority 0, not lower than its user's 0",
                          at: key.location, notes: [.init("a user with priority 0 can have no API key")])
            }
            return
        }
        guard let cap else {
            bag.error("API key '\(key.label)' declares priority \(priority) but its user's priority is not declared",
                      at: key.location,
                      notes: [.init("declare the account's 'priority' (above \(priority)): a key's priority must be lower than its user's")])
            return
        }
        if priority >= cap {
            bag.error("API key '\(key.label)' has priority \(priority), not lower than its user's \(cap)", at: key.location,
                      notes: [.init("a key's priority must be lower than its user's")])
        }
    }

    /// The checks without the live state, and: a user's priority is not lowered to or below the
    /// priority of one of its live keys, which the server refuses whatever the plan does next.
    public func check(_ change: Change, backend: BackendConfig, live: LiveState) -> [Diagnostic] {
        var problems = check(change, backend: backend)
        // A lock drops the priority to 0 after the same plan revokes every key and token.
        guard change.id.kind == Kind.user, change.operation == .update, !Self.isLock(change),
              let lowered = change.after?["priority"]?.int,
              let before = change.before?["priority"]?.int, lowered < before else { return problems }
        let email = change.id.key[0]
        let blocking = live.resources.filter {
            $0.id.kind == Kind.apiKey && $0.id.key[0] == email && ($0.attributes["priority"]?.int ?? 0) >= lowered
        }
        guard !blocking.isEmpty else { return problems }
        let named = blocking.map { "'\($0.id.key[1])' (\($0.attributes["priority"]?.int ?? 0))" }.sorted()
        problems.append(.error("the priority of '\(email)' on '\(backend.name)' cannot drop to \(lowered): its API key "
                               + named.joined(separator: ", ") + " would not be lower, which the platform refuses",
                               at: change.location,
                               notes: [.init("lower or revoke those keys in one apply, then the user's priority in the next")]))
        return problems
    }
}
