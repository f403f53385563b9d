/// The sign-in checks of the token endpoint (`POST /oauth2/token`), on the state alone, so that a
/// test can ask what the server would answer without going through HTTP: the emulator's handler
/// calls the very same functions.
///
/// A sign-in is always for one tenant (reference B.3: the SDK sends `tenant` with every grant,
/// and a tenant is a workspace on the wire). A user who holds no role in that workspace is
/// refused, whatever the credential: that is what `state: disabled` relies on.
extension SquirroState {
    /// Why a sign-in is refused: the status and the server's words.
    public struct SignInRefusal: Error, Sendable, Hashable {
        public var status: Int
        public var message: String

        var response: EmulatorResponse { .squirroError(status, message) }
    }

    /// The user whose password this is (a user without a password never signs in with one).
    func passwordUser(email: String, password: String) -> User? {
        guard let user = user(email: email), let held = user.password, !password.isEmpty, held == password else { return nil }
        return user
    }

    /// The tenant a sign-in is for: the one asked, if the user holds a role there; without one,
    /// the first workspace the user belongs to. A user in no workspace is refused.
    func signInTenant(userId: String, asked: String?) -> Result<String, SignInRefusal> {
        if let asked {
            guard role(of: userId, in: asked) != nil else {
                return .failure(.init(status: 403, message: "User has no access to tenant \(asked)"))
            }
            return .success(asked)
        }
        guard let first = workspaces.first(where: { $0.members[userId] != nil }) else {
            return .failure(.init(status: 403, message: "User has no access to any workspace"))
        }
        return .success(first.domain)
    }

    /// Whether `POST /oauth2/token` with `grant_type=password` would answer 200 for `tenant`.
    public func signsIn(email: String, password: String, tenant: String?) -> Bool {
        guard let user = passwordUser(email: email, password: password) else { return false }
        if case .success = signInTenant(userId: user.id, asked: tenant) { return true }
        return false
    }

    /// Whether `grant_type=refresh_token` with this token would answer 200 for `tenant`.
    public func acceptsRefreshToken(_ token: String, tenant: String?) -> Bool {
        guard !revokedTokens.contains(token), let grant = grants.first(where: { $0.refreshToken == token }) else {
            return false
        }
        if case .success = signInTenant(userId: grant.userId, asked: tenant) { return true }
        return false
    }
}
