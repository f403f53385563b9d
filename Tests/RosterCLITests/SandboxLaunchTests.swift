import Foundation
import RosterRuntime
import RosterSandbox
import RosterTestSupport
import Testing

/// `SandboxLaunch`, the one launch of `url: sandbox` backends and of `roster sandbox`.
@Suite struct SandboxLaunchTests {
    @Test func aServerIsServedOnLoopbackWithItsStateFolderMade() async throws {
        let scratch = Scratch()
        let state = scratch.path + "/deep/er/uyuni.json"
        let sandbox = try await SandboxLaunch(type: "uyuni", statePath: state).start()
        guard case .server(let server) = sandbox else {
            Issue.record("uyuni's sandbox is a server, got \(sandbox)")
            return
        }
        #expect(sandbox.url == server.baseURL && sandbox.url.hasPrefix("http://127.0.0.1:"), "\(sandbox.url)")
        #expect(sandbox.environment.isEmpty)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/deep/er"))
        await sandbox.stop()
    }

    @Test func aModuleIsPreparedWithTheEnvironmentToLoadIt() async throws {
        let launch = SandboxLaunch(type: "activelogic")
        #expect(launch.isModule && !SandboxLaunch(type: "ctera").isModule)
        let sandbox = try await launch.start()
        guard case .module(let module) = sandbox else {
            Issue.record("activelogic's sandbox is a module, got \(sandbox)")
            return
        }
        #expect(sandbox.url == module.url && sandbox.url.hasPrefix("file://"), "\(sandbox.url)")
        #expect(sandbox.environment["PYTHONPATH"] != nil, "\(sandbox.environment)")
        #expect(FileManager.default.fileExists(atPath: module.statePath))
        await sandbox.stop()
        #expect(!FileManager.default.fileExists(atPath: module.statePath), "a state nobody asked to keep is removed")
    }

    @Test func anUnknownTypeIsRefused() async throws {
        await #expect(throws: SandboxError.self) { _ = try await SandboxLaunch(type: "nosuch").start() }
    }
}
