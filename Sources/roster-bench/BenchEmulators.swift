import Foundation
import RosterSandbox

/// The emulators of a `BenchWorld`, seeded directly (no seed files) and served on loopback, and
/// the config that points at them. ActiveLogic's sandbox is a module over a state file: its state
/// is written directly, and the config names it with `url: sandbox` and `state:`.
final class BenchEmulators: Sendable {
    let folder: String
    let configPath: String
    let servers: [String: EmulatorServer]
    let logs: [String: RequestLog]

    private init(folder: String, configPath: String, servers: [String: EmulatorServer], logs: [String: RequestLog]) {
        self.folder = folder
        self.configPath = configPath
        self.servers = servers
        self.logs = logs
    }

    static func start(_ world: BenchWorld) async throws -> BenchEmulators {
        let folder = NSTemporaryDirectory() + "roster-bench-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var servers: [String: EmulatorServer] = [:]
        var logs: [String: RequestLog] = [:]
        do {
            for name in world.backends where name != "activelogic" {
                let (service, log) = try makeService(name, world)
                servers[name] = try await EmulatorServer.start(service: service)
                logs[name] = log
            }
            var activeLogicState: String?
            if world.backends.contains("activelogic") {
                activeLogicState = folder + "/activelogic-state.json"
                try world.writeActiveLogicState(to: activeLogicState!)
            }
            let configPath = folder + "/roster.yaml"
            try world.writeConfig(to: configPath, urls: servers.mapValues(\.baseURL), activeLogicState: activeLogicState)
            return BenchEmulators(folder: folder, configPath: configPath, servers: servers, logs: logs)
        } catch {
            for server in servers.values { try? await server.shutdown() }
            throw error
        }
    }

    private static func makeService(_ name: String, _ world: BenchWorld) throws -> (any EmulatorService, RequestLog) {
        switch name {
        case "uyuni": let e = try UyuniEmulator(seed: world.uyuniSeed()); return (e, e.log)
        case "ctera": let e = try CteraEmulator(seed: world.cteraSeed()); return (e, e.log)
        case "cloud": let e = try CloudEmulator(seed: world.cloudSeed()); return (e, e.log)
        case "squirro": let e = try SquirroEmulator(seed: world.squirroSeed()); return (e, e.log)
        default: throw BenchError("no emulator for '\(name)'")
        }
    }

    /// Every request each emulator received since the last `resetLogs`.
    func requests() -> [String: [RequestLog.Entry]] {
        logs.mapValues { $0.entries }
    }

    func resetLogs() {
        for log in logs.values { log.reset() }
    }

    func stop() async {
        for server in servers.values { try? await server.shutdown() }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
