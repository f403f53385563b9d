import RosterCore

/// `password_update: verify` is not offered: the only way to check a password is to sign in as the
/// user (`User.log`), which issues a login token, a live credential of the user's that the documented
/// API gives no way to close. See docs/lifecycle.md, "password_update: verify".
extension CloudProvider {
    public var passwordCheckTrace: String {
        "checking a password means signing in as the user (User.log), which issues a login token that "
            + "the API offers no way to revoke"
    }
}
