import Foundation
import Logging
import RosterCore
import RosterRuntime
import RosterSandbox
import Synchronization

/// The four HTTP emulators on loopback, a config of many people across them, and the figures of
/// an apply under faults: what the convergence test and `scripts/faults.sh` run.
final class FaultLab: Sendable {
    let servers: [String: EmulatorServer]
    let services: [String: any EmulatorService]
    let folder: String
    static let types = ["uyuni", "ctera", "squirro", "cloud"]

    private init(servers: [String: EmulatorServer], services: [String: any EmulatorService], folder: String) {
        self.servers = servers
        self.services = services
        self.folder = folder
    }

    static func with<T: Sendable>(_ body: (FaultLab) async throws -> T) async throws -> T {
        var servers: [String: EmulatorServer] = [:], services: [String: any EmulatorService] = [:]
        let folder = NSTemporaryDirectory() + "roster-faults-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            for type in types {
                let (server, service) = try await Sandbox.start(type: type)
                servers[type] = server
                services[type] = service
            }
            let lab = FaultLab(servers: servers, services: services, folder: folder)
            let result = try await body(lab)
            for server in servers.values { try? await server.shutdown() }
            return result
        } catch {
            for server in servers.values { try? await server.shutdown() }
            throw error
        }
    }

    /// The ActiveLogic sandbox (a Python module run in-process by roster for `url: sandbox`): its
    /// seed carries its faults, its state file what it holds.
    var activeLogicSeed: String { folder + "/activelogic-seed.yaml" }
    var activeLogicState: String { folder + "/activelogic-state.json" }

    /// Sets the same faults on every emulator, and their module equivalents on ActiveLogic (through
    /// the seed's `faults:` block, read when roster starts the sandbox).
    /// With `moduleErrors: false`, ActiveLogic only loses connections and answers: its `error` is a
    /// `PLDBError`, the system refusing the change, which no client can finish.
    func inject(_ plan: FaultPlan, moduleErrors: Bool = true) throws {
        for server in servers.values { server.faults = plan }
        let faults = "faults: {error: \(moduleErrors ? plan.errorRate : 0), drop: \(plan.dropRate), lost: \(plan.lostRate)}\n"
        try (plan.isEmpty ? "users: {}\n" : faults).write(toFile: activeLogicSeed, atomically: true, encoding: .utf8)
    }

    /// Faults injected so far, by kind, over every emulator and the ActiveLogic module.
    var injected: [FaultKind: Int] {
        var all = servers.values.reduce(into: [FaultKind: Int]()) { all, server in
            all.merge(server.injected.all, uniquingKeysWith: +)
        }
        let module = (try? String(contentsOfFile: activeLogicState + ".faults", encoding: .utf8)) ?? ""
        for line in module.split(separator: "\n") {
            if let kind = FaultKind(rawValue: String(line)) { all[kind, default: 0] += 1 }
        }
        return all
    }

    /// ActiveLogic's users by name, as many times as the state holds each.
    var activeLogicUsers: [String] {
        guard let data = FileManager.default.contents(atPath: activeLogicState),
              let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return (state["users"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// A config of `people` people, person `i` on backend `i % 4` (every fifth also on Uyuni, every
    /// sixth also on ActiveLogic);
    /// the `leavers` are `state: absent`.
    func config(people: Int, leavers: Set<Int> = [], only: Set<Int>? = nil, retry: String) -> String {
        func url(_ type: String) -> String { servers[type]!.baseURL }
        let retry = "\(retry), safety: {max_deletes: 10000, max_delete_fraction: 1}"
        var text = """
            version: 1
            backends:
              uyuni: {type: uyuni, url: "\(url("uyuni"))", username: admin, password: sandbox-admin, protect: [admin], retry: \(retry)}
              ctera: {type: ctera, url: "\(url("ctera"))", username: admin, password: sandbox-admin, tenant: acme, protect: [admin], retry: \(retry)}
              squirro: {type: squirro, url: "\(url("squirro"))", tenant: sandbox, token: sandbox-token, protect: [admin@example.com], retry: \(retry)}
              cloud: {type: cloud, url: "\(url("cloud"))", email: admin@example.com, password: sandbox-admin, protect: [admin@example.com], retry: \(retry)}
              al: {type: activelogic, url: sandbox, seed: "\(activeLogicSeed)", state: "\(activeLogicState)", request_timeout: 60, safety: {max_deletes: 10000, max_delete_fraction: 1}}
            resources:
              uyuni: {system_groups: {web: {description: Web servers}}}
            people:

            """
        for i in 0..<people where only?.contains(i) ?? true {
            let name = String(format: "p%04d", i)
            text += "  \(name):\n    first_name: Person\n    last_name: N\(i)\n    email: \(name)@example.com\n"
            text += "    password: Pw-\(name)-Strong1\n"
            if leavers.contains(i) { text += "    state: absent\n" }
            var accounts: [String] = []
            switch i % 4 {
            case 0: accounts.append("uyuni: {roles: [channel_admin], system_groups: [web]}")
            case 1: accounts.append("ctera: {role: EndUser, company: Example}")
            case 2: accounts.append("squirro: {role: user}")
            default: accounts.append("cloud: {priority: 2}")
            }
            if i % 5 == 4 && i % 4 != 0 { accounts.append("uyuni: {roles: [system_group_admin]}") }
            if i % 6 == 5 { accounts.append("al: {readbm: \(i % 7 + 1), timeout: 60}") }
            text += "    accounts: {\(accounts.joined(separator: ", "))}\n"
        }
        return text
    }

    func write(_ config: String) throws -> String {
        let path = folder + "/roster-\(UUID().uuidString).yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Accounts per backend that appear more than once (by login or email, case-insensitively).
    var duplicates: [String] {
        var names: [String] = []
        if let uyuni = services["uyuni"] as? UyuniEmulator { names += uyuni.state.users.map { "uyuni/\($0.login)" } }
        if let ctera = services["ctera"] as? CteraEmulator {
            names += ctera.state.portals.flatMap { portal in portal.users.map { "ctera/\(portal.name)/\($0.name)" } }
        }
        if let squirro = services["squirro"] as? SquirroEmulator { names += squirro.state.users.map { "squirro/\($0.email)" } }
        if let cloud = services["cloud"] as? CloudEmulator { names += cloud.state.users.map { "cloud/\($0.email)" } }
        names += activeLogicUsers.map { "al/\($0)" }
        let counts = Dictionary(names.map { ($0.lowercased(), 1) }, uniquingKeysWith: +)
        return counts.filter { $0.value > 1 }.keys.sorted()
    }

    /// Whether the account of person `i` exists on `backend`, by default its main one.
    func exists(_ i: Int) -> Bool { exists(i, on: ["uyuni", "ctera", "squirro", "cloud"][i % 4]) }

    func exists(_ i: Int, on backend: String) -> Bool {
        let name = String(format: "p%04d", i)
        switch backend {
        case "uyuni": return (services["uyuni"] as? UyuniEmulator)?.state.user(login: name) != nil
        case "ctera": return (services["ctera"] as? CteraEmulator)?.state.portals.contains { $0.users.contains { $0.name == name } } == true
        case "al": return activeLogicUsers.contains(name)
        case "squirro": return (services["squirro"] as? SquirroEmulator)?.state.users.contains { $0.email == "\(name)@example.com" } == true
        default: return (services["cloud"] as? CloudEmulator)?.state.users.contains { $0.email == "\(name)@example.com" } == true
        }
    }
}

/// Counts the transport's "retrying" and "outcome unknown" messages.
struct RetryCounter: LogHandler {
    let owner: RetryCount
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        switch event.message.description {
        case "retrying": owner.box.withLock { $0.retries += 1 }
        case "outcome unknown": owner.box.withLock { $0.unknown += 1 }
        default: break
        }
    }
}

final class RetryCount: Sendable {
    let box = Mutex((retries: 0, unknown: 0))
    /// Requests sent again.
    var value: Int { box.withLock { $0.retries } }
    /// Changes that got no answer and were read back instead of being sent again.
    var unknown: Int { box.withLock { $0.unknown } }
    var logger: Logger {
        let counter = self
        return Logger(label: "faults") { _ in RetryCounter(owner: counter) }
    }
}
