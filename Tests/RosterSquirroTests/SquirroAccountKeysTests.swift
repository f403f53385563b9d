import Foundation
import RosterCore
@testable import RosterSandbox
@testable import RosterSquirro
import Testing

/// The account-key table: what it reads, the files it makes, and `display_name`, the attribute
/// added by one row.
@Suite struct SquirroAccountKeysTests {
    typealias F = SquirroFixture

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func schemaAndPageAreTheTablesOwn() throws {
        #expect(try AccountKeyFiles.problems(SquirroProvider.accountKeys, root: Self.packageRoot) == [])
    }

    @Test func displayNameIsTheUsersNameField() async throws {
        let emulator = try SquirroEmulator()
        try await withEmulatorServer(emulator) { server in
            let people = F.alice + "      squirro: {display_name: Dr. Alice, data: {dept: R&D}}\n"
            _ = try await F.converge(server.baseURL, people)
            let user = try #require(emulator.state.user(email: "alice@example.com"))
            #expect(user.data == ["name": "Dr. Alice", "dept": "R&D"])
            #expect(try await F.plan(server.baseURL, people).isEmpty)
            let renamed = people.replacingOccurrences(of: "Dr. Alice", with: "Alice S.")
            let plan = try await F.plan(server.baseURL, renamed)
            #expect(plan.actions.map { $0.change.changedAttributes } == [["data.name"]])
            _ = try await F.converge(server.baseURL, renamed)
            #expect(emulator.state.user(email: "alice@example.com")?.data["name"] == "Alice S.")
        }
    }

    @Test func displayNameIsImportedUnderItsOwnKey() throws {
        let loaded = try F.runner.load(path: try F.write(F.config("http://127.0.0.1:1", people: "  {}\n")))
        let backend = try #require(loaded.backends.first { $0.name == "squirro" })
        let user = Resource(ResourceID(backend: "squirro", kind: SquirroProvider.Kind.user, key: ["alice@example.com"]),
                            ["full_name": "Alice Smith", "role": "user", "data.name": "Dr. Alice", "data.dept": "R&D"])
        let account = try #require(SquirroProvider().export([user], backend: backend).accounts.first)
        #expect(account.fields.value == .map([("role", .string("user")), ("display_name", .string("Dr. Alice")),
                                             ("data", .map([("dept", .string("R&D"))]))]))
    }

    @Test func wrongTypesUnknownKeysAndTwoWaysToOneFieldAreErrorsAtTheirPlace() throws {
        let people = F.alice + "      squirro: {display_name: [x], rol: admin, data: {name: A}}\n"
            + "  bob:\n    email: bob@example.com\n    accounts:\n      squirro: {display_name: B, data: {name: C}}\n"
        do {
            _ = try F.runner.load(path: try F.write(F.config("http://127.0.0.1:1", people: people)))
            Issue.record("the config must be refused")
        } catch {
            let text = "\(error)"
            #expect(text.contains("'display_name' must be a string"), "\(text)")
            #expect(text.contains("unknown key 'rol' in the 'squirro' account of 'alice' (type squirro)"), "\(text)")
            #expect(text.contains("did you mean 'role'?"), "\(text)")
            #expect(text.contains("'data.name' and 'display_name' both set the user's 'name'"), "\(text)")
        }
    }
}
