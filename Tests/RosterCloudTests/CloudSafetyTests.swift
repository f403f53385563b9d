import Foundation
import Logging
@testable import RosterCloud
import RosterCore
import RosterRuntime
@testable import RosterSandbox
import Testing

/// Admins stay untouched, dry runs send no mutation, and the configured paths are the ones used.
@Suite struct CloudSafetyTests {
    typealias T = CloudProviderTests

    @Test func declaredAdminChangeFailsPlanAtItsLine() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = """
              boss:
                first_name: Someone Else
                email: admin@example.com
                accounts:
                  cloud: {priority: 5}
            """
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await T.plan(T.config(server.baseURL, people: people))
            }
            let text = error?.description ?? ""
            #expect(text.contains(".yaml:16:14: error: the config would change first_name, priority of admin user 'admin@example.com' on 'cloud'"), "\(text)")
            // Nothing was sent but reads.
            #expect(emulator.log.mutations.isEmpty)

            let absent = "  boss:\n    email: admin@example.com\n    state: absent\n    accounts:\n      cloud: {}\n"
            let deleting = await #expect(throws: DiagnosticError.self) {
                _ = try await T.plan(T.config(server.baseURL, people: absent))
            }
            #expect(deleting?.description.contains(".yaml:16:14: error: the config would delete admin user 'admin@example.com'") == true,
                    "\(deleting?.description ?? "")")

            // Pruning would delete the admin: an error that says how to protect it.
            let pruning = await #expect(throws: DiagnosticError.self) {
                _ = try await T.plan(T.config(server.baseURL, people: "  {}\n", prune: "all"))
            }
            #expect(pruning?.description.contains("add 'admin@example.com' to 'protect'") == true)

            // An admin whose declared fields match is read and left alone.
            let same = "  boss:\n    first_name: Sandbox\n    last_name: Admin\n    email: admin@example.com\n    accounts: {cloud: {priority: 10}}\n"
            #expect(try await T.plan(T.config(server.baseURL, people: same)).isEmpty)
            #expect(emulator.state.user(email: "admin@example.com")?.isAdmin == true)
        }
    }

    @Test func askingForAnAdminIsAConfigError() async throws {
        let people = "  boss:\n    email: boss@example.com\n    accounts:\n      cloud: {is_admin: true}\n"
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        let error = #expect(throws: DiagnosticError.self) {
            _ = try runner.load(path: try T.write(T.config("https://cloud.invalid", people: people)))
        }
        #expect(error?.description.contains(".yaml:15:25: error: roster cannot make 'boss' an admin on 'cloud'") == true,
                "\(error?.description ?? "")")
    }

    @Test func weakDeclaredPasswordIsAPlanError() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = "  weak:\n    email: weak@example.com\n    password: ${env:WEAK}\n    accounts:\n      cloud: {}\n"
            let runner = Runner(environment: ["WEAK": "canaryvalue"], logger: Logger(label: "test"))
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await runner.plan(try runner.load(path: try T.write(T.config(server.baseURL, people: people))))
            }
            let text = error?.description ?? ""
            #expect(text.contains(".yaml:16:14: error: the password of 'weak@example.com' on 'cloud' does not meet the platform's rule"), "\(text)")
            #expect(!text.contains("canaryvalue"))
        }
    }

    @Test func planAndDryRunSendNoMutationButLogin() async throws {
        let emulator = try CloudEmulator()
        // A user to update, one to delete, a key to revoke.
        emulator.modifyState { state in
            let old = state.addUser(email: "old@example.com", password: "Old-pass-1", priority: 3)
            _ = state.addToken(userID: old.id, label: "laptop", priority: 1, secret: "_T_x", isAPIKey: true, now: 0, duration: nil)
            _ = state.addUser(email: "gone@example.com", password: "Gone-pass-1")
        }
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = """
              new: {first_name: New, last_name: Person, accounts: {cloud: {api_keys: [ci]}}}
              old: {email: old@example.com, accounts: {cloud: {priority: 2, api_keys: [ci]}}}
            """
            let config = T.config(server.baseURL, people: people, prune: "all", extra: "    protect: [admin@example.com]")
            let plan = try await T.plan(config)
            #expect(T.lines(plan).sorted() == [
                "create cloud.api_key new.person@example.com/ci", "create cloud.api_key old@example.com/ci",
                "create cloud.user new.person@example.com", "delete cloud.api_key old@example.com/laptop",
                "delete cloud.user gone@example.com", "update cloud.user old@example.com",
            ])
            let runner = Runner(environment: [:], logger: Logger(label: "test"))
            let outcome = try await runner.apply(try runner.load(path: try T.write(config)), saved: nil, dryRun: true,
                                                 parallelism: 4, confirm: { _ in true })
            guard case .applied(_, let report) = outcome else { Issue.record("\(outcome)"); return }
            #expect(report.secrets.isEmpty)
            #expect(emulator.log.mutations.isEmpty, "\(emulator.log.mutations)")
            for entry in emulator.log.entries {
                #expect(entry.method == "GET" || entry.operation == "auth.login", "\(entry)")
            }
            #expect(emulator.log.operations.contains("auth.login"))
            #expect(emulator.log.operations.contains("users.list"))
            #expect(emulator.state.users.count == 3)
        }
    }

    @Test func customPathsAreFollowed() async throws {
        var routes = CloudRoutes()
        routes.login = .init("POST", "/v2/session")
        routes.list = .init("GET", "/v2/admin/accounts")
        routes.create = .init("POST", "/v2/admin/accounts/new")
        routes.read = .init("GET", "/v2/admin/accounts/{id}/profile")
        routes.update = .init("PATCH", "/v2/admin/accounts/{id}")
        routes.delete = .init("POST", "/v2/admin/accounts/{id}/remove")
        routes.tokens = "/v2/keys"
        var seed = CloudSeed.default
        seed.routes = routes
        let emulator = try CloudEmulator(seed: seed)
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let paths = """
                paths:
                  login: /v2/session
                  list: GET /v2/admin/accounts
                  create: /v2/admin/accounts/new
                  read: /v2/admin/accounts/{id}/profile
                  update: PATCH /v2/admin/accounts/{id}
                  delete: POST /v2/admin/accounts/{id}/remove
                  api_keys: /v2/keys
            """
            let person = "  pat: {first_name: Pat, last_name: Doe, accounts: {cloud: {priority: 1, api_keys: [ci]}}}\n"
            let created = try await T.converge(T.config(server.baseURL, people: person, extra: paths))
            #expect(created.lines == ["create cloud.user pat.doe@example.com", "create cloud.api_key pat.doe@example.com/ci"])
            let updated = person.replacingOccurrences(of: "priority: 1", with: "priority: 2")
            #expect(try await T.converge(T.config(server.baseURL, people: updated, extra: paths)).lines
                    == ["update cloud.user pat.doe@example.com"])
            let absent = "  pat: {first_name: Pat, last_name: Doe, state: absent, accounts: {cloud: {}}}\n"
            // Offboarding revokes the key first, as its own action.
            #expect(try await T.converge(T.config(server.baseURL, people: absent, extra: paths)).lines
                    == ["delete cloud.api_key pat.doe@example.com/ci", "delete cloud.user pat.doe@example.com"])
            #expect(try await T.plan(T.config(server.baseURL, people: absent, extra: paths)).isEmpty)
            let requests = Set(emulator.log.entries.map { "\($0.method) \($0.path.replacingOccurrences(of: #"/\d+"#, with: "/N", options: .regularExpression))" })
            #expect(requests == [
                "POST /v2/session", "GET /v2/admin/accounts", "POST /v2/admin/accounts/new", "GET /v2/admin/accounts/N/profile",
                "PATCH /v2/admin/accounts/N", "POST /v2/admin/accounts/N/remove", "GET /v2/keys", "POST /v2/keys",
                "POST /v2/keys/delete-by-ids",
            ], "\(requests.sorted())")
            // The default paths are not served there: a config without `paths:` fails to log in.
            await #expect(throws: (any Error).self) {
                _ = try await T.plan(T.config(server.baseURL, people: person))
            }
        }
    }

    @Test func refusedTokenLogsInOnceMore() async throws {
        let clock = ManualClock()
        let emulator = try CloudEmulator(clock: { clock.now })
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let client = CloudClient(backend: "cloud", url: server.baseURL, email: "admin@example.com",
                                     password: Secret("sandbox-admin"), paths: CloudPaths(), mode: .readOnly,
                                     logger: Logger(label: "t"))
            #expect(try await client.listUsers().count == 1)
            clock.advance(by: 7200)
            #expect(try await client.listUsers().count == 1)
            #expect(emulator.log.operations == ["auth.login", "users.list", "users.list", "auth.login", "users.list"])
            await client.close()
        }
    }

    @Test func listingFollowsPages() async throws {
        let emulator = try CloudEmulator()
        emulator.modifyState { state in
            for i in 1...230 { _ = state.addUser(email: "u\(i)@example.com", password: "Pass-word-\(i)") }
        }
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let client = CloudClient(backend: "cloud", url: server.baseURL, email: "admin@example.com",
                                     password: Secret("sandbox-admin"), paths: CloudPaths(), mode: .readOnly,
                                     logger: Logger(label: "t"))
            let users = try await client.listUsers()
            #expect(users.count == 231)
            #expect(Set(users.map(\.email)).count == 231)
            #expect(emulator.log.operations.filter { $0 == "users.list" }.count == 3)
            await client.close()
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = Date().timeIntervalSince1970
    var now: Double { lock.withLock { seconds } }
    func advance(by delta: Double) { lock.withLock { seconds += delta } }
}
