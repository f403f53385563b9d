import Foundation
import Logging
@testable import RosterCloud
import RosterCore
import RosterRuntime
import RosterSandbox
import Testing

/// The cloud provider against its emulator, in-process: the full pipeline, no binary.
@Suite struct CloudProviderTests {
    static let belenos = "0b6f3c52-0000-4000-8000-000000000001"
    static let slos = "0b6f3c52-0000-4000-8000-000000000002"

    static func config(_ url: String, people: String, prune: String = "none", extra: String = "") -> String {
        """
        version: 1
        backends:
          cloud:
            type: cloud
            url: "\(url)"
            email: admin@example.com
            password: sandbox-admin
            email_template: "{first}.{last}@example.com"
            prune: \(prune)
        \(extra)
        people:
        \(people)
        """
    }

    struct Run {
        var plan: Plan
        var secrets: [String: Secret] = [:]
        var lines: [String] { CloudProviderTests.lines(plan) }
    }

    static func write(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("roster-cloud-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Plans and applies `config`, expecting every action to succeed.
    static func converge(_ config: String) async throws -> Run {
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        let loaded = try runner.load(path: try write(config))
        let outcome = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true })
        switch outcome {
        case .applied(let plan, let report):
            #expect(report.succeeded, "\(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" })")
            return Run(plan: plan, secrets: report.secrets)
        case .noChanges(let plan): return Run(plan: plan)
        default: Issue.record("unexpected outcome \(outcome)"); throw CancellationError()
        }
    }

    static func plan(_ config: String) async throws -> Plan {
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        return try await runner.plan(try runner.load(path: try write(config)))
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString)" }
    }

    /// 250 users and the admin: pages of 100 at offsets 0 and 100, then 200 and 300 asked for
    /// together (as many at once as have been read); the one on the last page is found and updated.
    @Test func pagingReadsEveryUserAskingForPagesTogether() async throws {
        var seed = CloudSeed.default
        for i in 0..<250 {
            seed.users.append(.init(email: "u\(i)@example.com", password: "Pass-word-\(i)", firstName: "U", lastName: "\(i)"))
        }
        let emulator = try CloudEmulator(seed: seed)
        try await withEmulatorServer(emulator) { server in
            let person = "  u249:\n    first_name: U\n    last_name: Changed\n    email: u249@example.com\n    accounts: {cloud: {}}\n"
            let run = try await Self.converge(Self.config(server.baseURL, people: person))
            #expect(run.lines == ["update cloud.user u249@example.com"])
            #expect(emulator.state.user(email: "u249@example.com")?.lastName == "Changed")
            #expect(emulator.log.operations.filter { $0 == "users.list" }.count == 4)
        }
    }

    @Test func lifecycleConvergesAtEveryStep() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let url = server.baseURL
            // Create: the address comes from the template, the password is generated.
            var person = "  jose:\n    first_name: José\n    last_name: Núñez O'Brien\n"
            var account = "    accounts: {cloud: {platform_ids: [\(Self.belenos)], priority: 1, company_id: 7}}\n"
            let created = try await Self.converge(Self.config(url, people: person + account))
            #expect(created.lines == ["create cloud.user jose.nunez-obrien@example.com"])
            let secretName = "cloud/cloud.user/jose.nunez-obrien@example.com#password"
            #expect(Array(created.secrets.keys) == [secretName])
            let password = try #require(created.secrets[secretName]).reveal()
            let user = try #require(emulator.state.user(email: "jose.nunez-obrien@example.com"))
            #expect(user.password == password)
            #expect(user.platformIDs == [Self.belenos] && user.priority == 1 && user.companyID == 7)
            #expect(user.firstName == "José")
            #expect(try await Self.plan(Self.config(url, people: person + account)).isEmpty)

            // Update platforms and priority: one update of exactly those two attributes.
            account = "    accounts: {cloud: {platform_ids: [\(Self.slos), \(Self.belenos)], priority: 3, company_id: 7}}\n"
            let updated = try await Self.converge(Self.config(url, people: person + account))
            #expect(updated.lines == ["update cloud.user jose.nunez-obrien@example.com"])
            #expect(updated.plan.actions.first?.change.changedAttributes == ["platform_ids", "priority"])
            #expect(emulator.state.user(email: "jose.nunez-obrien@example.com")?.priority == 3)
            #expect(try await Self.plan(Self.config(url, people: person + account)).isEmpty)

            // Add an API key: its secret comes back for the secrets file only.
            account = "    accounts: {cloud: {platform_ids: [\(Self.slos), \(Self.belenos)], priority: 3, company_id: 7, api_keys: {ci: {priority: 2}}}}\n"
            let protect = "    protect: [admin@example.com]"
            let keyed = try await Self.converge(Self.config(url, people: person + account, prune: "all", extra: protect))
            #expect(keyed.lines == ["create cloud.api_key jose.nunez-obrien@example.com/ci"])
            let token = try #require(keyed.secrets["cloud/cloud.api_key/jose.nunez-obrien@example.com/ci#token"]).reveal()
            #expect(emulator.state.tokens.contains { $0.secret == token && $0.isAPIKey && $0.priority == 2 })
            #expect(try await Self.plan(Self.config(url, people: person + account, prune: "all", extra: protect)).isEmpty)

            // Revoke it: undeclared keys go when the backend prunes (the admin is protected).
            account = "    accounts: {cloud: {platform_ids: [\(Self.slos), \(Self.belenos)], priority: 3, company_id: 7, api_keys: []}}\n"
            let revoked = try await Self.converge(Self.config(url, people: person + account, prune: "all", extra: protect))
            #expect(revoked.lines == ["delete cloud.api_key jose.nunez-obrien@example.com/ci"])
            #expect(!emulator.state.tokens.contains { $0.secret == token })
            #expect(try await Self.plan(Self.config(url, people: person + account, prune: "all", extra: protect)).isEmpty)

            // Delete.
            person = "  jose:\n    first_name: José\n    last_name: Núñez O'Brien\n    state: absent\n"
            let deleted = try await Self.converge(Self.config(url, people: person + "    accounts: {cloud: {}}\n"))
            #expect(deleted.lines == ["delete cloud.user jose.nunez-obrien@example.com"])
            #expect(emulator.state.user(email: "jose.nunez-obrien@example.com") == nil)
            #expect(try await Self.plan(Self.config(url, people: person + "    accounts: {cloud: {}}\n")).isEmpty)
        }
    }

    @Test func collidingGeneratedAddressesAreNumbered() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = """
              ann1: {first_name: Ann, last_name: Lee, accounts: {cloud: {}}}
              ann2: {first_name: Ann, last_name: Lee, accounts: {cloud: {}}}
              ann3: {first_name: Änn, last_name: Lee, accounts: {cloud: {}}}
            """
            let run = try await Self.converge(Self.config(server.baseURL, people: people))
            #expect(run.lines.sorted() == ["create cloud.user ann.lee2@example.com", "create cloud.user ann.lee3@example.com",
                                           "create cloud.user ann.lee@example.com"])
            #expect(run.secrets.count == 3)
            #expect(Set(run.secrets.values.map { $0.reveal() }).count == 3)
        }
    }

    @Test func keyPriorityAboveTheUsersIsAPlanError() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = """
              kim:
                email: kim@example.com
                accounts:
                  cloud:
                    priority: 1
                    api_keys:
                      ci: {priority: 4}
            """
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await Self.plan(Self.config(server.baseURL, people: people))
            }
            let text = error?.description ?? ""
            #expect(text.contains(":18:11: error: API key 'ci' has priority 4, not lower than its user's 1"), "\(text)")
            #expect(emulator.log.entries.isEmpty, "a config error contacts nothing")
        }
    }
}

extension CloudProviderTests {
    /// Raising a user's priority and a key's to just below it in one plan: the key waits for the user.
    @Test func keyPriorityRaisedWithItsUserInOnePlan() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let before = "  kai: {email: kai@example.com, accounts: {cloud: {priority: 2, api_keys: {ci: {priority: 1}}}}}\n"
            _ = try await Self.converge(Self.config(server.baseURL, people: before))
            let after = "  kai: {email: kai@example.com, accounts: {cloud: {priority: 5, api_keys: {ci: {priority: 4}, new: {priority: 3}}}}}\n"
            let run = try await Self.converge(Self.config(server.baseURL, people: after))
            #expect(run.lines == ["update cloud.user kai@example.com", "update cloud.api_key kai@example.com/ci",
                                  "create cloud.api_key kai@example.com/new"])
            #expect(emulator.state.tokens.map(\.priority).sorted() == [3, 4])
            #expect(try await Self.plan(Self.config(server.baseURL, people: after)).isEmpty)
        }
    }
}
