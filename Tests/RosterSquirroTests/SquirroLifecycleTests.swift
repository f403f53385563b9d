import Foundation
import RosterCore
@testable import RosterSandbox
import Testing

/// A person's Squirro account from creation to deletion, against the emulator.
@Suite struct SquirroLifecycleTests {
    typealias F = SquirroFixture

    static func account(role: String, groups: String) -> String {
        F.alice + "      squirro: {role: \(role), groups: [\(groups)], projects: {research: member}, workspaces: {lab: reader}, data: {dept: R&D}}\n"
    }

    @Test func createdInDependencyOrderThenEachChangePlansExactly() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            let created = try await F.converge(url, Self.account(role: "user", groups: "platform, data"))
            let lines = F.lines(created)
            #expect(lines.sorted() == [
                "create squirro.group data", "create squirro.group ops", "create squirro.group platform",
                "create squirro.group_member alice@example.com/data",
                "create squirro.group_member alice@example.com/platform",
                "create squirro.project_user alice@example.com/research", "create squirro.user alice@example.com",
                "create squirro.workspace lab", "create squirro.workspace_user alice@example.com/lab",
            ])
            // Every membership waits for the user (and the group or workspace) it needs.
            let index = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1, $0) })
            let user = try #require(index["create squirro.user alice@example.com"])
            for action in created.actions where action.change.id.kind != "squirro.user" && action.change.id.key.first == "alice@example.com" {
                #expect(action.dependsOn.contains(user), "\(action.change.id)")
                #expect(action.index > user)
            }
            let stored = try #require(emulator.state.user(email: "alice@example.com"))
            #expect(stored.fullName == "Alice Smith")
            #expect(stored.data["dept"] == .string("R&D"))
            #expect(emulator.state.role(of: stored.id, in: "sandbox") == "user")
            #expect(emulator.state.role(of: stored.id, in: "lab") == "reader")
            #expect(try await F.plan(url, Self.account(role: "user", groups: "platform, data")).isEmpty)

            let promoted = Self.account(role: "admin", groups: "platform, data")
            #expect(F.lines(try await F.converge(url, promoted)) == ["update squirro.user alice@example.com"])
            #expect(emulator.state.role(of: stored.id, in: "sandbox") == "admin")
            #expect(try await F.plan(url, promoted).isEmpty)

            let fewer = Self.account(role: "admin", groups: "platform")
            #expect(F.lines(try await F.converge(url, fewer)) == ["delete squirro.group_member alice@example.com/data"])
            #expect(try await F.plan(url, fewer).isEmpty)

            let absent = "  alice:\n    email: alice@example.com\n    state: absent\n    accounts: {squirro: {}}\n"
            let deleted = try await F.converge(url, absent)
            // Group, project and workspace memberships go first, each its own action.
            #expect(F.lines(deleted) == [
                "delete squirro.group_member alice@example.com/platform",
                "delete squirro.project_user alice@example.com/research",
                "delete squirro.workspace_user alice@example.com/lab", "delete squirro.user alice@example.com",
            ])
            #expect(deleted.actions[3].dependsOn == [0, 1, 2])
            #expect(emulator.state.user(email: "alice@example.com") == nil)
            #expect(try await F.plan(url, absent).isEmpty)
        }
    }

    /// A user's projects cost a call each: they are read when the config compares project members,
    /// and otherwise only for the users the plan deletes, whose memberships must go first.
    @Test func projectsAreReadOnlyWhenComparedOrForUsersDeleted() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            let bob = "  bob:\n    first_name: Bob\n    email: bob@example.com\n    password: Bob-pass-1\n    accounts: {squirro: {role: user}}\n"
            _ = try await F.converge(url, F.alice + "      squirro: {role: user, projects: {research: member}}\n" + bob)
            func userReads() -> [String] {
                emulator.log.entries.filter {
                    $0.method == "GET" && $0.path.contains("/users/") && !$0.path.hasSuffix("password_policy")
                        && !$0.path.hasSuffix("/grants")
                }
                    .map(\.path)
            }

            // Nobody's projects are compared and nobody is deleted: no user is read one by one.
            emulator.log.reset()
            let quiet = try await F.plan(url, F.alice + "      squirro: {role: user}\n" + bob)
            #expect(quiet.isEmpty, "\(F.lines(quiet))")
            #expect(userReads().isEmpty, "\(emulator.log.operations)")

            // Pruning: Alice is not in the config, so her projects are read and her membership goes first.
            let pruning = F.config(url, people: bob).replacingOccurrences(of: "protect: [admin@example.com]",
                                                                          with: "protect: [admin@example.com], prune: all")
            emulator.log.reset()
            let runner = F.runner
            let pruned = try await runner.plan(try runner.load(path: try F.write(pruning)))
            #expect(F.lines(pruned) == ["delete squirro.project_user alice@example.com/research",
                                        "delete squirro.user alice@example.com"], "\(F.lines(pruned))")
            // Alice's and the admin's (outside the config too, kept by `protect`); not Bob's.
            let bobID = try #require(emulator.state.user(email: "bob@example.com")?.id)
            #expect(userReads().count == 2 && !userReads().contains { $0.hasSuffix(bobID) }, "\(userReads())")
        }
    }

    @Test func planAndDryRunSendNoMutationButTheTokenExchange() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = Self.account(role: "user", groups: "platform")
            let plan = try await F.plan(server.baseURL, people)
            #expect(plan.count(.create) > 0)
            let runner = F.runner
            let loaded = try runner.load(path: try F.write(F.config(server.baseURL, people: people)))
            guard case .applied(_, let report) = try await runner.apply(loaded, saved: nil, dryRun: true, parallelism: 4,
                                                                        confirm: { _ in true }) else {
                Issue.record("a dry run with changes reports them")
                return
            }
            #expect(report.succeeded)
            let writes = emulator.log.entries.filter { ["POST", "PUT", "DELETE"].contains($0.method) }
            #expect(!writes.isEmpty)
            #expect(writes.allSatisfy { $0.operation == "token" }, "\(writes)")
            #expect(emulator.log.mutations.isEmpty)
            #expect(emulator.state.user(email: "alice@example.com") == nil)
        }
    }

    @Test func groupMembersAndProjectGroupsFromResources() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = F.alice + "      squirro: {role: reader}\n"
            let text = F.config(server.baseURL, people: people).replacingOccurrences(
                of: "groups: [platform, data, ops]",
                with: "groups: {platform: {members: [alice@example.com]}}\n    projects: {support: {members: {\"group:platform\": reader}}}")
            let runner = F.runner
            let loaded = try runner.load(path: try F.write(text))
            _ = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 2, confirm: { _ in true })
            let group = try #require(emulator.state.group(named: "platform", tenant: "sandbox"))
            #expect(group.memberIds == [emulator.state.user(email: "alice@example.com")?.id])
            #expect(emulator.state.projects.first { $0.id == "support" }?.members.map(\.memberId) == [group.id])
            #expect(try await runner.plan(try runner.load(path: try F.write(text))).isEmpty)
        }
    }
}
