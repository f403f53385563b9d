/// Who gets in: the checks `POST login` and every bearer request make, on the state alone, so that
/// a test can ask them of a state file as the emulator would answer on the wire.
extension CloudState {
    /// What a bearer value that is a job token or an API key gets at `now`.
    public enum TokenCheck: Equatable, Sendable {
        /// A live token: its index in `tokens`.
        case accepted(Int)
        /// A token the state holds, revoked or expired, or whose user is gone: 401.
        case refused
        /// No token has this value.
        case unknown
    }

    /// The user that `email` and `password` sign in as, or nil (401): the address compared
    /// case-insensitively, the password exactly as last set.
    public func signIn(email: String, password: String) -> User? {
        guard let user = user(email: email), user.password == password else { return nil }
        return user
    }

    public func check(token bearer: String, now: Double) -> TokenCheck {
        guard let index = tokens.firstIndex(where: { $0.secret == bearer }) else { return .unknown }
        let token = tokens[index]
        guard !token.isRevoked, (token.expires ?? .infinity) > now, user(id: token.userID) != nil else { return .refused }
        return .accepted(index)
    }
}
