import Foundation
import Logging
@testable import RosterCloud
import RosterCore
import RosterSandbox
import Testing

/// `platform_ids` checked at plan time against the platform list (`paths.platforms`): a typo is
/// an error at the id's line, read once per plan and only when some account declares platforms.
@Suite struct CloudPlatformTests {
    typealias T = CloudProviderTests

    /// `line:col` of the first `text` in `config`.
    static func place(of text: String, in config: String) throws -> String {
        let range = try #require(config.range(of: text))
        let before = config[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        return "\(line):\(column)"
    }

    @Test func anUnknownPlatformIDIsAPlanErrorAtTheID() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let typo = "0b6f3c52-0000-4000-8000-00000000001"
            let people = "  kim: {email: kim@example.com, accounts: {cloud: {platform_ids: [\(T.slos), \(typo)]}}}\n"
            let config = T.config(server.baseURL, people: people)
            let error = await #expect(throws: DiagnosticError.self) { _ = try await T.plan(config) }
            let text = error?.description ?? ""
            let place = try Self.place(of: typo + "]", in: config)
            #expect(text.contains(":\(place): error: platform '\(typo)' does not exist on 'cloud'"), "\(text)")
            #expect(text.contains("did you mean '\(T.belenos)'?"), "\(text)")
            #expect(text.contains("sim:slos"), "the live platforms are listed with their names: \(text)")
            #expect(!text.contains("error: platform '\(T.slos)'"), "\(text)")
            #expect(emulator.log.operations.filter { $0 == "platforms.list" }.count == 1)
            #expect(emulator.log.mutations.isEmpty)
        }
    }

    @Test func aPlatformNameWhereTheIDBelongsNamesTheID() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = "  kim: {email: kim@example.com, accounts: {cloud: {platform_ids: [\"sim:slos\"]}}}\n"
            let error = await #expect(throws: DiagnosticError.self) {
                _ = try await T.plan(T.config(server.baseURL, people: people))
            }
            #expect(error?.description.contains("did you mean '\(T.slos)'?") == true, "\(error?.description ?? "")")
        }
    }

    @Test func knownPlatformsPlanAndThePlatformListIsReadOnlyWhenDeclared() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let plain = "  kim: {email: kim@example.com, accounts: {cloud: {priority: 1}}}\n"
            _ = try await T.converge(T.config(server.baseURL, people: plain))
            #expect(!emulator.log.operations.contains("platforms.list"))
            let given = "  kim: {email: kim@example.com, accounts: {cloud: {priority: 1, platform_ids: [\(T.belenos)]}}}\n"
            let run = try await T.converge(T.config(server.baseURL, people: given))
            #expect(run.lines == ["update cloud.user kim@example.com"])
            #expect(emulator.state.user(email: "kim@example.com")?.platformIDs == [T.belenos])
            #expect(run.plan.warnings.isEmpty, "\(run.plan.warnings)")
        }
    }

    @Test func noPlatformListIsAWarningAndTheCheckIsSkipped() async throws {
        var seed = CloudSeed.default
        seed.routes.platforms = .init("GET", "/v2/platforms")
        let emulator = try CloudEmulator(seed: seed)
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let people = "  kim: {email: kim@example.com, accounts: {cloud: {platform_ids: [nope]}}}\n"
            // The default path answers 404: a warning at the backend, the id left to the server.
            let config = T.config(server.baseURL, people: people)
            let plan = try await T.plan(config)
            #expect(T.lines(plan) == ["create cloud.user kim@example.com"])
            let warnings = plan.warnings.map(\.description)
            let backend = try Self.place(of: "cloud:\n", in: config).split(separator: ":")[0]
            #expect(warnings.contains { $0.contains(":\(backend):") && $0.contains("warning: cannot list platforms on 'cloud'")
                        && $0.contains("platform_ids are not checked; set paths.platforms") }, "\(warnings)")
            // With the path set, the list is read there and the id is an error.
            let moved = T.config(server.baseURL, people: people, extra: "    paths: {platforms: /v2/platforms}")
            let error = await #expect(throws: DiagnosticError.self) { _ = try await T.plan(moved) }
            #expect(error?.description.contains("error: platform 'nope' does not exist on 'cloud'") == true,
                    "\(error?.description ?? "")")
            #expect(emulator.log.mutations.isEmpty)
        }
    }

    @Test func theEmulatorListsItsSeededPlatformsAndNoneWithoutThem() async throws {
        let seed = try CloudSeed.parse("paths: {platforms: /v2/platforms}\nplatforms: [{id: p1, name: \"qpu:one\"}]\n"
                                       + "users: [{email: admin@example.com, password: sandbox-admin, is_admin: true}]\n",
                                       file: "seed.yaml")
        #expect(seed.routes.platformList == .init("GET", "/v2/platforms"))
        #expect(CloudSeed.default.routes.platformList == .init("GET", "/api/platforms"))
        try await CloudEmulatorTests.withWire(try CloudEmulator(seed: seed)) { wire in
            #expect(try await wire.send("GET", "/v2/platforms").0 == 401)
            let token = try await wire.login("admin@example.com", "sandbox-admin")
            let (status, body) = try await wire.send("GET", "/v2/platforms", token: token)
            #expect(status == 200 && body == [["id": "p1", "name": "qpu:one"]])
            #expect(try await wire.send("GET", "/api/platforms", token: token).0 == 404)
        }
        // Without seeded platforms any id is accepted, and there is no list to give.
        try await CloudEmulatorTests.withWire(try CloudEmulator(seed: CloudSeed(users: CloudSeed.default.users))) { wire in
            let token = try await wire.login()
            #expect(try await wire.send("GET", "/api/platforms", token: token).0 == 404)
        }
    }

    @Test func platformListShapes() {
        let plain = CloudClient.platforms(in: Data(#"[{"id":"a","name":"qpu:a"},{"id":7}]"#.utf8))
        #expect(plain == [CloudPlatform(id: "a", name: "qpu:a"), CloudPlatform(id: "7", name: nil)])
        #expect(CloudClient.platforms(in: Data(#"{"platforms":[{"id":"a"}]}"#.utf8)) == [CloudPlatform(id: "a")])
        #expect(CloudClient.platforms(in: Data(#"{"results":[{"id":"b","name":"x"}]}"#.utf8))?.map(\.id) == ["b"])
        #expect(CloudClient.platforms(in: Data(#"{"items":[]}"#.utf8)) == nil)
        #expect(CloudClient.platforms(in: Data(#"[{"name":"no id"}]"#.utf8)) == nil)
        #expect(CloudClient.platforms(in: Data("not json".utf8)) == nil)
        // What the server sends reaches the terminal in plan errors: no control characters there.
        let hostile = CloudClient.platforms(in: Data(#"[{"id":"a\u001b[2J"},{"id":"b","name":"x\u001b]0;y\u0007z"}]"#.utf8))
        #expect(hostile == [CloudPlatform(id: "b", name: "x]0;yz")])
    }
}
