import Foundation
import RosterCore
@testable import RosterSandbox
import Testing

/// The server's password policy at plan time, and `password_update: always`.
@Suite struct SquirroPasswordTests {
    typealias F = SquirroFixture

    @Test func policyBreakingPasswordFailsPlanAtItsLine() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let canary = "canary7"
            let people = "  bob:\n    email: bob@example.com\n    accounts:\n      squirro:\n        role: user\n        password: \(canary)\n"
            let path = try F.write(F.config(server.baseURL, people: people))
            let runner = F.runner
            do {
                _ = try await runner.plan(try runner.load(path: path))
                Issue.record("the plan must fail")
            } catch let error as DiagnosticError {
                let text = error.description
                let line = try #require(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
                    .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("password: \(canary)") })
                #expect(text.hasPrefix("\(path):\(line + 1):19: error: the password of 'bob@example.com' breaks the password policy of 'squirro': it must be at least 8 characters long"), "\(text)")
                #expect(text.contains("an uppercase letter"))
                #expect(!text.contains(canary))
            }
            #expect(emulator.log.mutations.isEmpty)
        }
    }

    @Test func personLevelPasswordIsReportedAtItsLine() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = "  dora:\n    email: dora@example.com\n    password: alllowercase1\n    accounts: {squirro: {role: user}}\n"
            let path = try F.write(F.config(server.baseURL, people: people))
            let runner = F.runner
            let loaded = try runner.load(path: path)
            let line = try #require(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("password: alllowercase1") })
            await #expect(throws: DiagnosticError.self) { _ = try await runner.plan(loaded) }
            do { _ = try await runner.plan(loaded) } catch let error as DiagnosticError {
                #expect(error.description.hasPrefix("\(path):\(line + 1):15: error: the password of 'dora@example.com' breaks the password policy of 'squirro': it must contain an uppercase letter"), "\(error)")
            }
        }
    }

    /// The SDK documents `change_user_password(user_id, current_password, new_password, ...)` with the
    /// user's current password, which roster does not keep: `always` is a plan error at its line, and
    /// the emulator refuses a change whose current password is wrong, whoever asks.
    @Test func alwaysIsAPlanErrorAndTheCurrentPasswordIsChecked() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = F.alice + "      squirro: {role: user}\n"
            _ = try await F.converge(server.baseURL, people)
            let always = people.replacingOccurrences(of: "password: Alice-pass-1", with: "password: Alice-pass-2\n    password_update: always")
            #expect(throws: DiagnosticError.self) { _ = try F.runner.load(path: try F.write(F.config(server.baseURL, people: always))) }
            do { _ = try F.runner.load(path: try F.write(F.config(server.baseURL, people: always))) } catch {
                #expect("\(error)".contains("'password_update: always' is not possible on 'squirro'"), "\(error)")
            }
            // The admin's own token, another user's password, the new one given as the current one: refused.
            let alice = try #require(emulator.state.user(email: "alice@example.com"))
            let token = try await SquirroEmulatorProbe.token(emulator)
            func change(_ current: String, _ new: String) async -> Int {
                await emulator.handle(EmulatorRequest(
                    method: "PUT", uri: "/api/user/v0/sandbox/users/\(alice.id)/password",
                    headers: [(name: "Authorization", value: "Bearer \(token)"), (name: "Content-Type", value: "application/json")],
                    body: Array(#"{"current_password": "\#(current)", "new_password": "\#(new)", "new_password_confirm": "\#(new)"}"#.utf8))).status
            }
            #expect(await change("Alice-pass-2", "Alice-pass-2") == 400)
            #expect(emulator.state.user(email: "alice@example.com")?.password == "Alice-pass-1")
            #expect(await change("Alice-pass-1", "Alice-pass-3") == 200)
        }
    }

    /// A group's previous name renames the live group with its members.
    @Test func groupRenameKeepsItsMembers() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            _ = try await F.converge(url, F.alice + "      squirro: {groups: [platform]}\n")
            let alice = try #require(emulator.state.user(email: "alice@example.com"))
            let platform = try #require(emulator.state.group(named: "platform", tenant: "sandbox"))
            #expect(platform.memberIds.contains(alice.id))

            // `resources.groups` with a previous name: one update_group, the member kept.
            let renamed = F.config(url, people: F.alice + "      squirro: {}\n")
                .replacingOccurrences(of: "groups: [platform, data, ops]",
                                      with: "groups: {platform-team: {previous_names: [platform]}, data: {}, ops: {}}")
            let renameLoaded = try F.runner.load(path: try F.write(renamed))
            let renamePlan = try await F.runner.plan(renameLoaded)
            #expect(F.lines(renamePlan) == ["update squirro.group platform-team"], "\(F.lines(renamePlan))")
            _ = try await F.runner.apply(renameLoaded, saved: nil, dryRun: false, parallelism: 2, confirm: { _ in true })
            let group = try #require(emulator.state.group(named: "platform-team", tenant: "sandbox"))
            #expect(group.id == platform.id && group.memberIds.contains(alice.id))
            #expect(emulator.state.group(named: "platform", tenant: "sandbox") == nil)
        }
    }
}
