import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
@testable import RosterUyuni
import Testing

/// The Uyuni provider against its emulator, in-process: the full pipeline, no binary.
@Suite struct UyuniProviderTests {
    static func config(_ url: String, people: String, prune: String = "none") -> String {
        """
        version: 1
        backends:
          uyuni: {type: uyuni, url: "\(url)", username: admin, password: sandbox-admin, prune: \(prune), protect: [admin]}
        resources:
          uyuni: {system_groups: {web: {description: Web servers}, db: {description: Databases}}}
        people:
        \(people)
        """
    }

    /// Loads a config for the emulator at `url`, plans, applies, and returns the plan.
    static func converge(_ url: String, _ people: String, prune: String = "none", folder: URL) async throws -> Plan {
        let file = folder.appendingPathComponent("roster-\(UUID().uuidString).yaml")
        try config(url, people: people, prune: prune).write(to: file, atomically: true, encoding: .utf8)
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        let loaded = try runner.load(path: file.path)
        let outcome = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true })
        switch outcome {
        case .applied(let plan, let report):
            #expect(report.succeeded, "\(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" })")
            return plan
        case .noChanges(let plan): return plan
        default: Issue.record("unexpected outcome \(outcome)"); throw CancellationError()
        }
    }

    static func plan(_ url: String, _ people: String, prune: String = "none", folder: URL) async throws -> Plan {
        let file = folder.appendingPathComponent("roster-\(UUID().uuidString).yaml")
        try config(url, people: people, prune: prune).write(to: file, atomically: true, encoding: .utf8)
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        return try await runner.plan(try runner.load(path: file.path))
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString)" }
    }

    @Test func lifecycleConvergesAtEveryStep() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let folder = FileManager.default.temporaryDirectory
            let alice = "  alice:\n    first_name: Alice\n    email: alice@example.com\n    password: alice-pass-1\n"
            var people = alice + "    accounts: {uyuni: {login: alice, roles: [org_admin, channel_admin], system_groups: [web], default_system_groups: [web]}}\n"
            let created = try await Self.converge(server.baseURL, people, folder: folder)
            #expect(created.count(.create) == 5)  // user, org_admin (implies channel_admin), assigned and default web, group db
            // org_admin implies channel_admin: declaring both must not flap.
            #expect(try await Self.plan(server.baseURL, people, folder: folder).isEmpty)

            // Demote to channel_admin only: the org_admin removal goes first, then the role is added.
            people = alice + "    accounts: {uyuni: {login: alice, roles: [channel_admin], system_groups: [web, db]}}\n"
            let demoted = try await Self.converge(server.baseURL, people, folder: folder)
            #expect(Self.lines(demoted).sorted() == [
                "create uyuni.assigned_group alice/db", "create uyuni.role alice/channel_admin",
                "delete uyuni.role alice/org_admin",
            ])
            #expect(try await Self.plan(server.baseURL, people, folder: folder).isEmpty)
            #expect(emulator.state.users.first { $0.login == "alice" }?.roles == ["channel_admin"])

            // Disable, then re-enable.
            let disabled = people.replacingOccurrences(of: "    email:", with: "    state: disabled\n    email:")
            #expect(Self.lines(try await Self.converge(server.baseURL, disabled, folder: folder)) == ["update uyuni.user alice"])
            #expect(emulator.state.users.first { $0.login == "alice" }?.enabled == false)
            #expect(try await Self.plan(server.baseURL, disabled, folder: folder).isEmpty)
            _ = try await Self.converge(server.baseURL, people, folder: folder)
            #expect(emulator.state.users.first { $0.login == "alice" }?.enabled == true)

            // Absent: every role and group assignment is its own action, before the user goes.
            let absent = "  alice:\n    state: absent\n    accounts: {uyuni: {}}\n"
            let offboarded = Self.lines(try await Self.converge(server.baseURL, absent, folder: folder))
            #expect(offboarded.sorted() == [
                "delete uyuni.assigned_group alice/db", "delete uyuni.assigned_group alice/web",
                "delete uyuni.default_group alice/web", "delete uyuni.role alice/channel_admin", "delete uyuni.user alice",
            ], "\(offboarded)")
            #expect(offboarded.last == "delete uyuni.user alice", "\(offboarded)")
            #expect(emulator.state.user(login: "alice") == nil)
            #expect(try await Self.plan(server.baseURL, absent, folder: folder).isEmpty)
        }
    }

    /// A user's two group lists cost a call each: they are read only when some account declares
    /// that list (an empty list too, which removes what the server has).
    @Test func groupListsAreReadOnlyWhenTheConfigComparesThem() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let folder = FileManager.default.temporaryDirectory
            let alice = "  alice:\n    first_name: Alice\n    email: alice@example.com\n    password: alice-pass-1\n"
            _ = try await Self.converge(server.baseURL, alice + "    accounts: {uyuni: {roles: [channel_admin], system_groups: [web]}}\n",
                                        folder: folder)
            let groupReads = ["user.listAssignedSystemGroups", "user.listDefaultSystemGroups"]

            emulator.log.reset()
            let rolesOnly = try await Self.plan(server.baseURL, alice + "    accounts: {uyuni: {roles: [channel_admin]}}\n", folder: folder)
            #expect(rolesOnly.isEmpty, "\(Self.lines(rolesOnly))")
            #expect(emulator.log.operations.contains("user.getDetails") && emulator.log.operations.contains("user.listRoles"))
            #expect(!emulator.log.operations.contains { groupReads.contains($0) }, "\(emulator.log.operations)")

            emulator.log.reset()
            let emptied = try await Self.plan(server.baseURL, alice + "    accounts: {uyuni: {roles: [channel_admin], system_groups: []}}\n",
                                              folder: folder)
            #expect(Self.lines(emptied) == ["delete uyuni.assigned_group alice/web"])
            #expect(emulator.log.operations.contains("user.listAssignedSystemGroups"))
            #expect(!emulator.log.operations.contains("user.listDefaultSystemGroups"))
        }
    }

    @Test func faultsKeepCodeAndString() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let client = UyuniClient(backend: "uyuni", url: server.baseURL, username: "admin",
                                     password: Secret("sandbox-admin"), mode: .readWrite, logger: Logger(label: "t"))
            do {
                _ = try await client.call("user.getDetails", [.string("nobody")], object: "nobody")
                Issue.record("an unknown user must fault")
            } catch let fault as RosterUyuni.UyuniFault {
                #expect(fault.code == -213)
                #expect(fault.string == "redstone.xmlrpc.XmlRpcFault: No such user")
                #expect(fault.description.contains("uyuni: user.getDetails 'nobody' failed (fault -213)"))
            }
            await client.close()
        }
    }

    @Test func expiredSessionIsRenewedOnce() async throws {
        let clock = ManualClock()
        let emulator = try UyuniEmulator(seed: .default, clock: { clock.now })
        try await withEmulatorServer(emulator) { server in
            let client = UyuniClient(backend: "uyuni", url: server.baseURL, username: "admin",
                                     password: Secret("sandbox-admin"), mode: .readOnly, logger: Logger(label: "t"))
            _ = try await client.call("user.listUsers", [])
            clock.advance(by: 7200)
            let users = try await client.call("user.listUsers", [])
            #expect(users.array?.isEmpty == false)
            #expect(emulator.log.entries.map(\.operation).filter { $0 == "auth.login" }.count == 2)
            await client.close()
        }
    }

    @Test func readOnlySessionRefusesWritesBeforeSending() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let client = UyuniClient(backend: "uyuni", url: server.baseURL, username: "admin",
                                     password: Secret("sandbox-admin"), mode: .readOnly, logger: Logger(label: "t"))
            await #expect(throws: RosterError.self) {
                _ = try await client.call("user.delete", [.string("admin")])
            }
            #expect(!emulator.log.entries.contains { $0.operation == "user.delete" })
            await client.close()
        }
    }

    @Test func creatingWithoutPasswordIsAPlanError() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let people = "  nopass:\n    email: n@example.com\n    accounts: {uyuni: {}}\n"
            await #expect(throws: DiagnosticError.self) {
                _ = try await Self.plan(server.baseURL, people, folder: FileManager.default.temporaryDirectory)
            }
            let pam = "  pamuser:\n    email: p@example.com\n    accounts: {uyuni: {pam: true}}\n"
            let plan = try await Self.converge(server.baseURL, pam, folder: FileManager.default.temporaryDirectory)
            #expect(Self.lines(plan) == ["create uyuni.system_group db", "create uyuni.user pamuser"])
            #expect(emulator.state.users.first { $0.login == "pamuser" }?.usePam == true)
        }
    }

    @Test func readOnlyAndErrataNotificationsConverge() async throws {
        let emulator = try UyuniEmulator(seed: .default)
        try await withEmulatorServer(emulator) { server in
            let folder = FileManager.default.temporaryDirectory
            let person = "  robin:\n    email: robin@example.com\n    password: robin-pass-1\n"
            let plain = person + "    accounts: {uyuni: {}}\n"
            _ = try await Self.converge(server.baseURL, plain, folder: folder)
            let flagged = person + "    accounts: {uyuni: {read_only: true, errata_notifications: false}}\n"
            let plan = try await Self.converge(server.baseURL, flagged, folder: folder)
            #expect(plan.actions.map(\.change.changedAttributes) == [["errata_notification", "read_only"]])
            let user = emulator.state.users.first { $0.login == "robin" }
            #expect(user?.readOnly == true)
            #expect(user?.errataNotification == false)
            #expect(try await Self.plan(server.baseURL, flagged, folder: folder).isEmpty)
        }
    }

    @Test func endpointIsDerivedFromTheURL() {
        #expect(UyuniClient.endpoint(for: "https://u.example.com") == "https://u.example.com/rpc/api")
        #expect(UyuniClient.endpoint(for: "https://u.example.com/") == "https://u.example.com/rpc/api")
        #expect(UyuniClient.endpoint(for: "https://u.example.com/rpc/api") == "https://u.example.com/rpc/api")
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = Date().timeIntervalSince1970
    var now: Double { lock.withLock { seconds } }
    func advance(by delta: Double) { lock.withLock { seconds += delta } }
}
