import RosterCore

/// `state: disabled` on Squirro: the account is kept (its id, password, custom data, project
/// roles), and nothing gets into the tenant.
///
/// What squirroclient 3.17.3 (`squirro_client/user.py`, `base.py`) lets an administrator do to a
/// user, and why roster does what it does:
///
/// - Reset a password: no. `change_user_password(user_id, current_password, new_password,
///   new_password_confirm)` (`PUT /v0/{t}/users/{id}/password`) needs the user's current
///   password, which roster does not keep, and no other call takes a password for an existing
///   user (`update_user_data` stores custom values). So roster cannot set a random password.
/// - A role without access: none. The tenant roles are `admin`, `user`, `demo` and `reader`; each
///   signs in. But a role can be taken away: a tenant is a workspace on the wire, and
///   `delete_workspace_user(domain, user_id)` (`DELETE /v2/workspaces/{domain}/users/{id}`, after
///   leaving the workspace's groups) removes the user from it, while `delete_user` is the call
///   that removes a user "from the system". Every sign-in (`POST /oauth2/token`: password,
///   refresh token, `ext_id` through an authentication) is for one tenant, so a user without a
///   role there cannot get in, whatever credential it still holds. This is roster's lockout.
/// - Grants and sessions: `get_user_grants(user_id)` lists a user's grants (refresh tokens), and
///   `delete_session(user_id, id)` (which `delete_grant` calls) revokes one; the server then
///   answers 410 for its refresh token. Each is revoked before the tenant role goes.
/// - Authentications (`delete_authentication(user_id, service)`): keyed by an external service
///   name, with no call to list a user's services, so roster cannot find them; an
///   authentication signs in (`grant_type=ext_id`) for a tenant too, which the lockout closes.
///
/// The plan shows each step: `- squirro.grant EMAIL/TENANT/ID` per grant and
/// `- squirro.tenant_role EMAIL/TENANT`. A locked user is no longer listed in the tenant
/// (`get_users`), so a second plan has nothing to do. Enabling the person again adds the
/// account back by address (`add_user`, or `add_workspace_users` when the system has the
/// address already), with the declared role, data and memberships; the password is the one the
/// account had.
extension SquirroProvider {
    func lockOut(_ user: Resource, email: String, into state: inout DesiredState, reader: ValueReader) {
        // Kept: never created, changed or pruned; its grants and tenant role are listed
        // completely as none, so the live ones are removed.
        state.keep(user, bag: reader.bag)
        state.claim(Kind.grant, under: [email])
        state.claim(Kind.tenantRole, under: [email])
        // Roles in the other workspaces roster manages go too: each is a tenant to sign in to.
        state.claim(Kind.workspaceUser, under: [email])
    }
}
