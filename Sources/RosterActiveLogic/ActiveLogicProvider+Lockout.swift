import RosterCore
import RosterYAML

/// `state: disabled` on ActiveLogic, which has no disabled flag (LIFECYCLE.md): every permission
/// mask 0, every SSH key removed (each its own action), and a random password that the provider
/// program makes, sends once and forgets (`sign_in: "password" → "random password (not kept)"`).
/// The masks and the password go in one `update_user`; the keys are `remove_pub_key` each.
///
/// Whether a user is still locked is told without changing anything: a user with a mask set is
/// not; for one with every mask 0 roster asks `authenticate` (documented to leave the user and the
/// session untouched) with the declared password, and a refusal is locked. Without a declared
/// password there is nothing to ask, and the account is taken to be as the config says.
///
/// Re-enabling (`active`) restores the masks and keys the file declares and sets the declared
/// password again, whatever `password_update` says. A person without a declared password cannot
/// be checked, so re-enabling one restores masks and keys only (set `password` to restore it).
extension ActiveLogicProvider {
    static func resolveDisabled(_ userID: ResourceID, attributes: Attributes, person: Person, location: SourceLocation?,
                                into state: inout DesiredState, bag: DiagnosticBag) {
        var locked = Attributes()
        for mask in Self.masks { locked[mask] = .int(0) }
        locked["name"] = attributes["name"]
        // Not sent: only checked with `authenticate`, to see whether the lock holds.
        locked["password"] = attributes["password"]
        locked["sign_in"] = .string(SignIn.locked)
        state.add(Resource(userID, locked, owner: person.name, location: location), bag: bag)
        state.claim(Kind.pubkey, under: userID.key)
    }
}
