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

    @Test func alwaysSendsThePasswordThroughChangePassword() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = F.alice + "      squirro: {role: user}\n"
            _ = try await F.converge(server.baseURL, people)
            let always = people.replacingOccurrences(of: "password: Alice-pass-1", with: "password: Alice-pass-2\n    password_update: always")
            let plan = try await F.converge(server.baseURL, always)
            #expect(F.lines(plan) == ["update squirro.user alice@example.com"])
            let text = TextRenderer(color: false).render(plan)
            #expect(text.contains("password: (sensitive)"), "\(text)")
            #expect(!text.contains("Alice-pass-2"))
            #expect(emulator.state.user(email: "alice@example.com")?.password == "Alice-pass-2")
            #expect(emulator.log.operations.contains("changePassword"))
            #expect(!F.lines(try await F.plan(server.baseURL, people)).contains { $0.contains("update") })
        }
    }

    @Test func disabledPersonIsAConfigError() async throws {
        let people = "  carl:\n    email: carl@example.com\n    state: disabled\n    accounts: {squirro: {}}\n"
        #expect(throws: DiagnosticError.self) { _ = try F.runner.load(path: try F.write(F.config("sandbox", people: people))) }
    }
}
