/// Bearer values: login tokens (kept in memory, sliding expiry) and the secrets of job tokens and
/// API keys (kept in the state, `_T_` prefix as the platform's job tokens have).
enum CloudTokens {
    static let characters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func make(prefix: String = "", length: Int = 40) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in characters.randomElement(using: &generator)! })
    }
}

/// Logged-in admins and users: token → user id and the time it stops working.
struct CloudLogins: Sendable {
    private var sessions: [String: (userID: Int, expires: Double)] = [:]

    mutating func open(userID: Int, now: Double, lifetime: Int) -> String {
        let token = CloudTokens.make()
        sessions[token] = (userID, now + Double(lifetime))
        return token
    }

    /// The user of a login token still valid at `now`; using it pushes its expiry back.
    mutating func user(for token: String, now: Double, lifetime: Int) -> Int? {
        guard let session = sessions[token] else { return nil }
        guard session.expires > now else {
            sessions[token] = nil
            return nil
        }
        sessions[token] = (session.userID, now + Double(lifetime))
        return session.userID
    }

    mutating func close(userID: Int) {
        sessions = sessions.filter { $0.value.userID != userID }
    }
}
