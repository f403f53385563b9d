import RosterCore
import RosterYAML

/// `state: disabled` on a platform without a disabled flag (LIFECYCLE.md): roster makes the lock
/// from what the user API offers, each step its own action in the plan:
///
/// - every API key and job token of the user is revoked (`delete-by-ids`; the platform's `/revoke`
///   takes the token's value, which roster never holds for a live token): `- cloud.api_key …`,
///   `- cloud.job_token …`;
/// - the user gets a random password that is never written anywhere, and priority 0, in one
///   request: `~ cloud.user …  sign_in: "password" → "random password (not kept)"`.
///
/// Priority 0 is the lock's mark, read from the user list at no extra cost: a token's priority
/// must be lower than its user's (§3.3), so at 0 neither a job token nor an API key can be made
/// for the user, and roster reads a user at priority 0 as locked (`sign_in`). The password itself
/// is write-only and never read, and the reference documents no sign-in that leaves no trace, so
/// roster never tries it. The mark is set in the same request as the password: a failed lock is
/// tried again by the next plan. Hence an active account may not declare priority 0.
///
/// Re-enabling (`active`) is the reverse update: the declared password (or a generated one, for
/// `--secrets-out` only), the declared priority or the platform's default 2, and the declared API
/// keys created again. Login tokens a person already holds are not reachable through the API
/// (reference §3.1), so they last their lifetime.
extension CloudProvider {
    /// The desired state of a disabled person's account: locked, with no key and no job token.
    static func resolveDisabled(_ userID: ResourceID, person: Person, location: SourceLocation?,
                                into state: inout DesiredState, bag: DiagnosticBag) {
        let email = userID.key[0]
        state.add(Resource(userID, ["priority": .int(0), "sign_in": .string(SignIn.locked)], owner: person.name,
                           location: location), bag: bag)
        state.claim(Kind.apiKey, under: [email])
        state.claim(Kind.jobToken, under: [email])
    }

    /// `revoke_api_keys: [ci]`: each key named goes, without `prune: all` or a complete `api_keys`.
    static func resolveRevoked(_ node: YAMLNode, email: String, person: Person, declared: [DeclaredKey]?,
                               into state: inout DesiredState, reader: ValueReader) {
        guard let labels = reader.stringList(node, "revoke_api_keys") else { return }
        for (label, item) in zip(labels, node.items) {
            if let kept = declared?.first(where: { $0.label == label }) {
                reader.bag.error("API key '\(label)' is both declared and revoked", at: item.location,
                                 notes: [.init("declared here", at: kept.location)])
                continue
            }
            state.addAbsent(Resource(state.id(Kind.apiKey, email, label), owner: person.name, location: item.location),
                            bag: reader.bag)
        }
    }

    /// Priority 0 on an active account would read as the lock's mark.
    static func refuseLockMark(_ node: YAMLNode, person: Person, backend: BackendConfig, _ bag: DiagnosticBag) {
        bag.error("an active account cannot have priority 0 on '\(backend.name)'", at: node["priority"]?.location ?? node.location,
                  notes: [.init("priority 0 is how roster marks a locked user (no token can be made); "
                                + "use 'state: disabled' to lock '\(person.name)' out")])
    }

    /// A user update that locks the account (`sign_in` to the random password).
    static func isLock(_ change: Change) -> Bool {
        change.id.kind == Kind.user && change.operation == .update && change.value("sign_in") == .string(SignIn.locked)
    }

    /// A user update that opens a locked account again.
    static func isUnlock(_ change: Change) -> Bool {
        change.id.kind == Kind.user && change.operation == .update && change.value("sign_in") == .string(SignIn.password)
    }

    /// How a live user signs in, from its priority (the lock's mark).
    static func signIn(priority: Int?) -> String { priority == 0 ? SignIn.locked : SignIn.password }
}
