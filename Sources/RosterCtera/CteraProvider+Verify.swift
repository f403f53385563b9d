import RosterCore

/// `password_update: verify` is not offered: the only way to check a password is to sign in as the
/// user (`POST /admin/api/login`, for administrator roles only), which opens a portal session and is
/// a sign-in in the portal's access log (cterasdk `LogTopic.Access`, read with `admin.logs.get`). See
/// docs/lifecycle.md, "password_update: verify".
extension CteraProvider {
    public var passwordCheckTrace: String {
        "checking a password means signing in as the user, which opens a portal session and is recorded "
            + "in the portal's access log (and only administrator roles can sign in to the API at all)"
    }
}
