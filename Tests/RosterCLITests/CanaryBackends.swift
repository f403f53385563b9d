import Foundation
import RosterTestSupport
import Testing
@testable import RosterSandbox

/// For the canary test: one backend of each type whose every secret-bearing field holds a canary.
/// `Canaries` names them; the seed makes the emulator's admin credential the backend canary, so the
/// runs succeed with it.
struct Canaries {
    let type: String
    /// The backend's credential (password, or Squirro's refresh token).
    var backend: String { make(1) }
    /// A person's `password:` written in the config.
    var personLiteral: String { make(2) }
    /// A person's `password: ${file:...}`.
    var personFile: String { make(3) }
    /// An account's own `password: ${env:...}`.
    var accountEnv: String { make(4) }
    /// The wrong backend credential of the failing runs.
    var wrong: String { make(5) }
    /// Another secret backend key (Squirro's `client_secret`).
    var extra: String { make(6) }

    var all: [String] { [backend, personLiteral, personFile, accountEnv, wrong, extra] }

    /// Mixed case, digits and a dash, 14 characters: passes every emulator's password policy.
    private func make(_ n: Int) -> String { "Cnry\(n)Qz-\(type.prefix(3))7xK" }

    static let environmentName = "ROSTER_CANARY_ACCOUNT"
}

struct CanaryBackend: Sendable {
    var type: String
    /// The emulator's seed YAML, its admin credential being `c.backend`.
    var seed: @Sendable (Canaries) -> String
    /// The backend's keys besides `type`, `url`, `seed`, `state`, with `credential` as its secret.
    var keys: @Sendable (Canaries, _ credential: String) -> String
    /// An account on it (generating secrets where the backend does).
    var account: String

    static let all: [String: CanaryBackend] = [
        "uyuni": CanaryBackend(
            type: "uyuni",
            seed: { c in """
                users:
                  - {login: admin, password: \(c.backend), first_name: A, last_name: B, email: admin@example.com,
                     roles: [satellite_admin, org_admin]}
                """ },
            keys: { _, credential in "username: admin\n    password: \"\(credential)\"" },
            account: "{roles: [channel_admin]}"),
        "ctera": CanaryBackend(
            type: "ctera",
            seed: { c in """
                global:
                  users: [{name: admin, email: admin@example.com, first_name: A, last_name: B, role: ReadWriteAdmin, password: \(c.backend)}]
                tenants:
                  acme: {users: []}
                """ },
            keys: { _, credential in "username: admin\n    password: \"\(credential)\"\n    tenant: acme" },
            account: "{role: EndUser, s3_keys: 1}"),
        "squirro": CanaryBackend(
            type: "squirro",
            seed: { c in """
                tenant: acme
                users:
                  - {email: admin@example.com, full_name: Admin, role: admin, password: \(c.backend)A, refresh_token: \(c.backend)}
                """ },
            keys: { c, credential in "tenant: acme\n    token: \"\(credential)\"\n    client_id: roster\n    client_secret: \"\(c.extra)\"" },
            account: "{role: user}"),
        "cloud": CanaryBackend(
            type: "cloud",
            seed: { c in """
                users:
                  - {email: admin@example.com, password: \(c.backend), first_name: A, last_name: B, is_admin: true, priority: 10}
                """ },
            keys: { _, credential in "email: admin@example.com\n    password: \"\(credential)\"" },
            account: "{api_keys: [ci]}"),
        "activelogic": CanaryBackend(
            type: "activelogic",
            seed: { c in "users:\n  admin: {password: \(c.backend)}\n" },
            keys: { _, credential in "username: admin\n    password: \"\(credential)\"\n    protocol_log: protocol.log" },
            account: "{readbm: 1}"),
    ]

    /// The config: one backend, three people whose passwords are canaries three ways. (Squirro
    /// sets a password only on create: `always` is a config error there.)
    func config(_ c: Canaries, url: String, credential: String) -> String {
        let sandbox = url == "sandbox" ? "\n    seed: seed.yaml\n    state: .roster/state.json" : ""
        return """
            version: 1
            backends:
              b:
                type: \(type)
                url: \(url)\(sandbox)
                \(keys(c, credential))
            people:
              canarya:
                first_name: Ann
                last_name: Canary
                email: ann.canary@example.com
                password: "\(c.personLiteral)"
                password_update: \(type == "squirro" ? "on_create" : "always")
                accounts: {b: \(account)}
              canaryb:
                first_name: Ben
                last_name: Canary
                email: ben.canary@example.com
                password: "\(c.personLiteral)"
                accounts:
                  b: {password: "${env:\(Canaries.environmentName)}"}
              canaryc:
                first_name: Cara
                last_name: Canary
                email: cara.canary@example.com
                password: ${file:secrets/cara}
                accounts: {b: \(account)}

            """
    }
}

/// A canary test's folder: the backend's seed, and Cara's secret file under `secrets/`.
struct CanaryScene {
    let canaries: Canaries
    let backend: CanaryBackend
    let scratch = Scratch()
    /// The seed file's path.
    let seed: String
    var folder: String { scratch.path }
    /// The variable Ben's account password comes from.
    var environment: [String: String] { [Canaries.environmentName: canaries.accountEnv] }

    init(type: String) throws {
        canaries = Canaries(type: type)
        backend = try #require(CanaryBackend.all[type])
        seed = scratch.write("seed.yaml", backend.seed(canaries))
        scratch.write("secrets/cara", canaries.personFile + "\n")
    }
}
