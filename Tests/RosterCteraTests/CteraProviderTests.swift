import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterCtera
@testable import RosterSandbox
import Testing

typealias H = CteraHarness

/// The CTERA provider against its emulator, in-process: the full pipeline, no binary.
@Suite struct CteraProviderTests {
    static let bob = """
          bob:
            first_name: Bob
            last_name: Builder
            email: bob@example.com
            password: bob-pass-1
            accounts: {portal: {role: ReadOnlyAdmin, company: ACME, must_change_password: 30}}
        """

    @Test func userLifecyclePlansExactlyAndConverges() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            let created = try await H.converge(url, Self.bob)
            #expect(H.lines(created) == ["create ctera.user bob", "create ctera.apply_changes acme"])
            let bob = try #require(H.user(emulator, "bob"))
            #expect(bob.role == "ReadOnlyAdmin" && bob.company == "ACME" && bob.password == "bob-pass-1")
            #expect(bob.requirePasswordChangeOn != nil)
            #expect(emulator.state.tasks.count == 1)
            #expect(try await H.plan(url, Self.bob).isEmpty)

            // Rename through previous_names and a role change: one update, not a delete and a create.
            let robert = Self.bob.replacingOccurrences(of: "  bob:", with: "  robert:\n    previous_names: [bob]")
                .replacingOccurrences(of: "ReadOnlyAdmin", with: "ComplianceOfficer")
            let renamed = try await H.converge(url, robert)
            #expect(H.lines(renamed) == ["update ctera.user robert", "create ctera.apply_changes acme"])
            #expect(renamed.actions[0].change.after?["name"] == "robert")
            #expect(H.user(emulator, "bob") == nil)
            #expect(H.user(emulator, "robert")?.uid == bob.uid)
            #expect(H.user(emulator, "robert")?.role == "ComplianceOffer")
            #expect(try await H.plan(url, robert).isEmpty)

            // Disabled is the Disabled role; enabling again restores the declared role.
            let disabled = robert.replacingOccurrences(of: "    email:", with: "    state: disabled\n    email:")
            let off = try await H.converge(url, disabled)
            #expect(H.lines(off) == ["update ctera.user robert", "create ctera.apply_changes acme"])
            #expect(H.user(emulator, "robert")?.role == "Disabled")
            #expect(try await H.plan(url, disabled).isEmpty)
            _ = try await H.converge(url, robert)
            #expect(H.user(emulator, "robert")?.role == "ComplianceOffer")
            #expect(try await H.plan(url, robert).isEmpty)

            // Absent: deleted (robert holds no S3 key).
            let absent = "  robert:\n    state: absent\n    accounts: {portal: {}}\n"
            #expect(H.lines(try await H.converge(url, absent)) == ["delete ctera.user robert", "create ctera.apply_changes acme"])
            #expect(H.user(emulator, "robert") == nil)
            #expect(try await H.plan(url, absent).isEmpty)
            #expect(emulator.state.tasks.count == 5)
        }
    }

    @Test func modifyWritesBackTheWholeObject() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let carol = """
                  carol:
                    first_name: Carol
                    last_name: Jones
                    email: carol@new.example
                    accounts: {portal: {comment: "", company: Initech}}
                """
            let plan = try await H.converge(server.baseURL, carol)
            #expect(H.lines(plan) == ["update ctera.user carol", "create ctera.apply_changes acme"])
            let user = try #require(H.user(emulator, "carol"))
            #expect(user.email == "carol@new.example" && user.comment == "" && user.company == "Initech")
            #expect(user.password == "carol-pass-1", "an unchanged password is not sent")
            let operations = emulator.log.entries.map(\.operation)
            #expect(operations.contains("GET /users/carol") && operations.contains("PUT /users/carol"))
        }
    }

    /// The users API never writes a directory user (reference A.6.4, A.9.7): a role that differs is
    /// a plan error at the account, and nothing is sent; the role the directory gives plans nothing.
    @Test func domainUsersAreNeverCreatedNorWritten() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let dave = "  dave:\n    accounts: {portal: {directory: demo.local, role: ReadWriteAdmin}}\n"
            do {
                _ = try await H.apply(server.baseURL, dave)
                Issue.record("a directory user's role change must be a plan error")
            } catch let error as DiagnosticError {
                #expect(error.description.contains(":6:36:") && error.description.contains(
                    "error: directory user 'demo.local/dave' on 'portal' has role EndUser; roster cannot make it ReadWriteAdmin"),
                        "\(error)")
                #expect(error.description.contains("access control rules"), "\(error)")
            }
            #expect(emulator.state.portal("acme")?.domains[0].users.first { $0.name == "dave" }?.role == "EndUser")
            #expect(!emulator.log.entries.contains { $0.mutating }, "\(emulator.log.operations)")
            let same = "  dave:\n    accounts: {portal: {directory: demo.local, role: EndUser}}\n"
            #expect(try await H.plan(server.baseURL, same).isEmpty)

            let ghost = "  zoe:\n    accounts: {portal: {directory: demo.local}}\n"
            do {
                _ = try await H.plan(server.baseURL, ghost)
                Issue.record("a missing directory user must be a plan error")
            } catch let error as DiagnosticError {
                #expect(error.description.contains("domain user 'zoe' is not in directory 'demo.local'"), "\(error)")
                #expect(error.description.contains(":6:36:"), "the error points at the directory: \(error)")
            }
        }
    }

    @Test func s3KeysAreAddedWithSecretsAndRevoked() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            let carol = "  carol:\n    accounts: {portal: {s3_keys: 2}}\n"
            let (plan, report) = try await H.apply(url, carol)
            #expect(H.lines(plan) == ["update ctera.s3_key_count carol"], "no apply-changes for keys alone")
            let secrets = try #require(report?.secrets)
            let keys = try #require(H.user(emulator, "carol")?.keys)
            #expect(keys.count == 2 && secrets.count == 2)
            for key in keys {
                #expect(secrets["portal/ctera.s3_credential/carol/\(key.accessKey)#secret_key"]?.reveal() == key.secretKey)
            }
            #expect(try await H.plan(url, carol).isEmpty)

            // Revoke one and keep the count: only the deletion.
            let gone = keys[0].accessKey
            let revoke = "  carol:\n    accounts: {portal: {s3_keys: 1, revoke_s3_keys: [\(gone)]}}\n"
            #expect(H.lines(try await H.converge(url, revoke)) == ["delete ctera.s3_credential carol/\(gone)"])
            #expect(H.user(emulator, "carol")?.keys.map(\.accessKey) == [keys[1].accessKey])
            #expect(try await H.plan(url, revoke).isEmpty)

            // Fewer keys than the portal has, without naming them: a plan error listing them.
            do {
                _ = try await H.plan(url, "  carol:\n    accounts: {portal: {s3_keys: 0}}\n")
                Issue.record("dropping keys without naming them must be a plan error")
            } catch let error as DiagnosticError {
                #expect(error.description.contains(keys[1].accessKey), "\(error)")
            }
        }
    }

    @Test func newUserWithKeyAndGeneratedPassword() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let ann = "  ann:\n    first_name: Ann\n    last_name: Lee\n    email: ann@example.com\n    accounts: {portal: {s3_keys: 1}}\n"
            let (plan, report) = try await H.apply(server.baseURL, ann)
            #expect(H.lines(plan) == ["create ctera.user ann", "create ctera.s3_key_count ann", "create ctera.apply_changes acme"])
            #expect(plan.actions[1].dependsOn == [0])
            let secrets = try #require(report?.secrets)
            #expect(secrets["portal/ctera.user/ann#password"]?.reveal() == H.user(emulator, "ann")?.password)
            #expect(secrets.count == 2)
        }
    }

    @Test func planAndDryRunSendNoMutatingCall() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = Self.bob + "\n  carol:\n    email: c@x.example\n    accounts: {portal: {s3_keys: 1}}\n"
                + "  dave:\n    state: absent\n    accounts: {portal: {directory: demo.local}}\n"
            let plan = try await H.plan(server.baseURL, people)
            #expect(plan.actions.count == 5, "\(H.lines(plan))")
            let (dry, _) = try await H.apply(server.baseURL, people, dryRun: true)
            #expect(dry.actions.count == 5)
            #expect(emulator.log.mutations.isEmpty, "\(emulator.log.mutations)")
            #expect(emulator.log.operations.contains("login"))
            #expect(H.user(emulator, "bob") == nil)
        }
    }

    @Test func failedModifyFailsOnlyItsActionAndARerunConverges() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = """
                  carol:
                    email: carol@changed.example
                    accounts: {portal: {s3_keys: 1}}
                \(Self.bob)
                """
            server.faults = FaultPlan(errorRate: 1, errorStatus: 500) { $0.method == "PUT" && $0.path.hasSuffix("/users/carol") }
            let (plan, report) = try await H.apply(server.baseURL, people)
            let outcomes = Dictionary(uniqueKeysWithValues: try #require(report).actions.map {
                ("\($0.action.change.id.kind) \($0.action.change.id.keyString)", $0.outcome)
            })
            #expect(plan.actions.count == 4)
            #expect(outcomes["ctera.user carol"] == .failed)
            #expect(outcomes["ctera.user bob"] == .succeeded)
            #expect(outcomes["ctera.s3_key_count carol"] == .succeeded, "a key is no dependent of a user update")
            #expect(outcomes["ctera.apply_changes acme"] == .succeeded, "apply-changes runs whatever came before")
            #expect(report?.actions.first { $0.outcome == .failed }?.message?.contains("HTTP 500") == true)
            #expect(H.user(emulator, "bob") != nil)

            server.faults = .none
            let rerun = try await H.converge(server.baseURL, people)
            #expect(H.lines(rerun) == ["update ctera.user carol", "create ctera.apply_changes acme"])
            #expect(try await H.plan(server.baseURL, people).isEmpty)
        }
    }

    @Test func failedBackgroundTaskFailsTheApplyChangesAction() async throws {
        let emulator = try CteraEmulator()
        emulator.modifyState { $0.taskOutcome = "failed" }
        try await withEmulatorServer(emulator) { server in
            for tenant in ["acme", nil] as [String?] {
                let (_, report) = try await H.apply(server.baseURL, Self.bob, tenant: tenant)
                let last = try #require(report?.actions.last)
                #expect(last.action.change.id.kind == "ctera.apply_changes")
                #expect(last.outcome == .failed)
                #expect(last.message?.contains("ended failed") == true, "\(last.message ?? "")")
            }
            // Global Administration polls by GET, a team portal by getTaskStatus.
            let operations = emulator.log.operations
            #expect(operations.contains { $0.hasPrefix("GET /servers/MainDB/bgTasks/") })
            #expect(operations.contains("user-defined getTaskStatus /"))
        }
    }

    @Test func expiredSessionLogsInAgainOnce() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = CteraClient(backend: "portal", url: server.baseURL, username: "admin",
                                     password: Secret("sandbox-admin"), tenant: "acme", mode: .readOnly,
                                     logger: Logger(label: "t"))
            let before = try await client.query("users", include: ["name"])
            #expect(before.contains { $0.string("name") == "carol" })
            emulator.expireSessions()
            let after = try await client.query("users", include: ["name"])
            #expect(after.contains { $0.string("name") == "carol" }, "the tenant is browsed again after the new login")
            #expect(emulator.log.operations.filter { $0 == "login" }.count == 2)
            await client.close()
        }
    }

    @Test func wrongPasswordKeepsThePortalsMessage() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = CteraClient(backend: "portal", url: server.baseURL, username: "admin", password: Secret("nope"),
                                     tenant: nil, mode: .readOnly, logger: Logger(label: "t"))
            do {
                _ = try await client.query("users", include: ["name"])
                Issue.record("a wrong password must fail")
            } catch let error as RosterError {
                #expect(error.code == .http(403))
                #expect(error.message == "Wrong username or password")
            }
            await client.close()
        }
    }

    @Test func pagingReadsEveryUser() async throws {
        let emulator = try CteraEmulator()
        emulator.modifyState { state in
            for i in 0..<120 {
                state.portals[1].users.append(.init(uid: 9000 + i, name: "u\(i)", email: "u\(i)@x.example", firstName: "U",
                                                    lastName: "\(i)", role: "EndUser", password: "pass-word-1"))
            }
        }
        try await withEmulatorServer(emulator) { server in
            let plan = try await H.plan(server.baseURL, "  u119:\n    email: new@x.example\n    accounts: {portal: {}}\n")
            #expect(H.lines(plan) == ["update ctera.user u119", "create ctera.apply_changes acme"])
            // Pages 1 and 2, then the third and a fourth (empty) at once: as many pages are asked
            // for at once as have been read, up to the session's parallelism.
            #expect(emulator.log.operations.filter { $0 == "db query /users" }.count == 4)
        }
    }

    @Test func rootIsDerivedFromTheURL() {
        #expect(CteraClient.root(for: "https://p.example.com") == "https://p.example.com/admin/api")
        #expect(CteraClient.root(for: "https://p.example.com/admin/api/") == "https://p.example.com/admin/api")
        #expect(CteraClient.segment("j smith+1") == "j%20smith+1")
        #expect(CteraClient.formEncode("a b&c") == "a+b%26c")
    }
}
