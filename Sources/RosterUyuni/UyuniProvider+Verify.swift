import RosterCore

/// `password_update: verify` is not offered: the only way to check a password is `auth.login`,
/// and a successful one sets the user's `last_login_date` (shown by `user.getDetails`), which access
/// reviews read to find dormant accounts. See docs/lifecycle.md, "password_update: verify".
extension UyuniProvider {
    public var passwordCheckTrace: String {
        "checking a password means signing in as the user (auth.login), which sets their last_login_date "
            + "(user.getDetails) and so hides a dormant account from access reviews"
    }
}
