import Foundation

/// One backend as the lifecycle conformance suite drives it: how its sandbox is seeded and
/// configured, what it can express, and how to read what its emulator holds. Adding a backend to
/// the suite is one more entry in `all`.
///
/// Every entry seeds one live person, `bsmith` (Bob Smith, bob@example.com), with a child object
/// (a role, a key, a group membership) and a value the config will not write.
struct ConformanceBackend: Sendable, CustomStringConvertible {
    var type: String
    /// The backend's keys besides `type`, `url`, `seed` and `state` (credentials, protect).
    var block: String
    var seed: String
    /// The key of bsmith's account (a login, a name or an address).
    var key: String
    /// Another spelling of `key` the server takes for the same one, or nil when the key
    /// compares exactly (every other spelling is another account).
    var sameKeySpellings: [String]
    /// A spelling the server takes for another key (exact kinds only).
    var otherSpelling: String? = nil
    /// The account mapping of bsmith under `key`, with its managed attribute at `value`.
    var account: @Sendable (_ key: String, _ value: String) -> String
    /// The managed attribute the suite updates, its seeded and its new value, as the emulator holds it.
    var managed: (name: String, seeded: String, changed: String)
    /// An attribute the account never writes: its seeded, non-default value must survive.
    var omitted: (name: String, seeded: String)
    /// A child of bsmith that the seed holds (a role, a key, a membership), as `children` lists it.
    var child: String
    /// A person applied before the scenarios when the seed cannot hold the child (CTERA's S3 keys).
    var prepare: String? = nil
    /// Whether `previous_names:` renames the live account in place (else it is a plan error).
    var canRename: Bool
    /// A new key for the rename scenario.
    var renamed: String
    /// Whether `state: disabled` locks the account today (else it is kept as it is, with a warning).
    var locksDisabled: Bool
    /// What the emulator's state file says of the account under `key` after `disabled`.
    var isLocked: @Sendable (HeldAccount) -> Bool
    /// The backend's `resources:` block (the objects the seed's children hang on), if any.
    var resources: String? = nil
    /// What the emulator holds, read from its state file.
    var read: @Sendable (_ statePath: String) throws -> [HeldAccount]
    /// How the lockout scenarios ask the emulator whether a person can still get in (nil: not yet
    /// written for this backend, which fails those scenarios).
    var lockout: LockoutProbe? = nil

    var description: String { type }
}

/// What `disabled` and `absent` must take away, asked of the emulator's own checks on its state
/// file (the same code that answers a sign-in or a key on the wire), never of roster's output.
struct LockoutProbe: Sendable {
    /// What the account mapping adds so that bsmith holds credentials the config declares (an API
    /// key, an SSH key, an S3 key), merged into the account, e.g. `{api_keys: [{label: ci}]}`.
    /// Empty when the backend has no credential besides the password.
    var declared: String
    /// Whether the emulator lets `key` sign in with `password` now.
    var signsIn: @Sendable (_ statePath: String, _ key: String, _ password: String) throws -> Bool
    /// The credentials of `key` that the emulator would still accept now (API keys, job tokens,
    /// S3 keys, SSH keys, sessions), as text; the declared ones appear here after an active apply.
    var workingCredentials: @Sendable (_ statePath: String, _ key: String) throws -> [String]
    /// Everything the emulator still holds that refers to the server id `id` (the account itself,
    /// memberships, grants, sessions, tokens, keys), as text.
    var traces: @Sendable (_ statePath: String, _ id: String) throws -> [String]
    /// Text each lockout step shows in the text plan of `disabled` (one entry a step), so a
    /// reviewer sees what disable does, e.g. "revoke api key ci".
    var steps: [String]
}

/// One live account as the emulator holds it: its key, the server's own id, some attributes and its
/// children (roles, keys, memberships), all as text.
struct HeldAccount: Sendable, Equatable {
    var key: String
    var id: String
    var attributes: [String: String]
    var children: [String]
}

extension ConformanceBackend {
    static let all: [ConformanceBackend] = [uyuni, ctera, squirro, cloud, activelogic]

    /// The person block of bsmith with one account on this backend.
    func person(key: String, value: String, extra: String = "") -> String {
        """
          bsmith:
            first_name: Bob
            last_name: Smith
            email: bob@example.com
            password: Bob-pass-123
        \(extra.isEmpty ? "" : "    " + extra + "\n")    accounts:
              \(type): \(account(key, value))
        """
    }

    /// A whole config: this backend on its sandbox, and `people`.
    func config(people: String, prune: Bool = false) -> String {
        """
        version: 1
        backends:
          \(type):
            type: \(type)
            url: sandbox
            seed: seed.yaml
            state: .roster/state.json
            \(block)\(prune ? "\n    prune: all" : "")
        \(resources.map { "resources:\n  \(type):\n    " + $0 } ?? "")
        people:
        \(people)
        """
    }
}
