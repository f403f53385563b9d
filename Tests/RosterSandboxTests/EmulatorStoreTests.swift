import Foundation
import Testing
@testable import RosterSandbox

/// The shell every HTTP emulator shares: the state file or else the seed, persisting after a call
/// that says it changed the state (and only then), and the last failure to write.
struct EmulatorStoreTests {
    struct Counter: EmulatorWorld {
        var state: [String: Int]
        /// Not persisted, like sessions.
        var visits = 0
    }

    static let file = StateFile<[String: Int]>(format: "roster-sandbox-test/1", vendor: "test")

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "roster-store-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func store(_ path: String?, seed: [String: Int] = ["users": 1]) throws -> EmulatorStore<Counter> {
        try EmulatorStore(statePath: path, file: file, seed: { () throws(SandboxError) in seed }, makeWorld: { Counter(state: $0) })
    }

    @Test func theStateFileWinsOverTheSeedAndIsWrittenOnlyAfterAChange() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/state.json"
        let first = try Self.store(path)
        #expect(first.state == ["users": 1])
        #expect(first.perform { world in world.visits += 1; return (world.visits, false) } == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(first.perform { world in world.state["users"] = 2; return ("created", true) } == "created")
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(envelope?["format"] as? String == "roster-sandbox-test/1")
        #expect(envelope?["state"] as? [String: Int] == ["users": 2])
        first.modifyState { $0["groups"] = 3 }
        let second = try Self.store(path, seed: ["users": 99])
        #expect(second.state == ["users": 2, "groups": 3])
        #expect(second.withWorld { $0.visits } == 0)
        #expect(first.persistenceError == nil)
    }

    @Test func aStateFileOfAnotherFormatIsRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/state.json"
        try Data(#"{"format": "roster-sandbox-other/1", "state": {}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SandboxError.self) { try Self.store(path) }
    }

    /// Every emulator keeps the last failure to write its state file, named by its vendor.
    @Test func aFailedWriteIsKeptUntilTheNextWriteSucceeds() throws {
        let missing = NSTemporaryDirectory() + "roster-missing-\(UInt64.random(in: 0...UInt64.max))/state.json"
        let store = try Self.store(missing)
        store.modifyState { $0["users"] = 5 }
        #expect(store.persistenceError?.hasPrefix("cannot write the test state file '\(missing)'") == true)
        #expect(store.state == ["users": 5])
        let folder = (missing as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        store.modifyState { $0["users"] = 6 }
        #expect(store.persistenceError == nil)
        try FileManager.default.removeItem(atPath: folder)

        let uyuni = try UyuniEmulator(statePath: missing)
        uyuni.modifyState { _ in }
        #expect(uyuni.persistenceError?.hasPrefix("cannot write the Uyuni state file") == true)
        let cloud = try CloudEmulator(statePath: missing)
        cloud.modifyState { _ in }
        #expect(cloud.persistenceError?.hasPrefix("cannot write the cloud state file") == true)
        let ctera = try CteraEmulator(statePath: missing)
        ctera.modifyState { _ in }
        #expect(ctera.persistenceError?.hasPrefix("cannot write the CTERA state file") == true)
        let squirro = try SquirroEmulator(statePath: missing)
        squirro.modifyState { _ in }
        #expect(squirro.persistenceError?.hasPrefix("cannot write the Squirro state file") == true)
        #expect([uyuni.statePath, cloud.statePath, ctera.statePath, squirro.statePath] == Array(repeating: missing, count: 4))
    }
}
