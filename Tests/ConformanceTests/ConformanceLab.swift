import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
import RosterTestSupport
import Testing

/// One backend's sandbox in a scratch folder: a seed, a state file that each run loads and
/// persists (what the server holds), and the pipeline run in process against it.
final class ConformanceLab: @unchecked Sendable {
    let backend: ConformanceBackend
    let folder = TempFolder()
    let runner = Runner(environment: [:], logger: Logger(label: "conformance"))

    private init(_ backend: ConformanceBackend) {
        self.backend = backend
        folder.write("seed.yaml", backend.seed)
    }

    /// A lab at the seed, plus what the seed cannot hold (CTERA's S3 keys), made by a first apply.
    static func make(_ backend: ConformanceBackend) async throws -> ConformanceLab {
        let lab = ConformanceLab(backend)
        try lab.persistSeed()
        if let prepare = backend.prepare {
            let account = backend.account(backend.key, backend.managed.seeded)
            try await lab.apply(backend.person(key: backend.key, value: backend.managed.seeded)
                .replacingOccurrences(of: account, with: merge(account, prepare)))
        }
        return lab
    }

    var statePath: String { folder.path + "/.roster/state.json" }

    /// Writes the seeded emulator's state, as a first change would: the scenarios read what the
    /// server held before they ran. (ActiveLogic's module writes its state when it is prepared.)
    private func persistSeed() throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/.roster", withIntermediateDirectories: true)
        let seed = folder.path + "/seed.yaml"
        if backend.type == "activelogic" {
            try Sandbox.prepareModule(type: backend.type, seedPath: seed, statePath: statePath).remove()
            return
        }
        switch try Sandbox.makeService(type: backend.type, seedPath: seed, statePath: nil) {
        case let emulator as UyuniEmulator: try UyuniStateFile.save(emulator.state, to: statePath)
        case let emulator as CteraEmulator: try CteraStateFile.save(emulator.state, to: statePath)
        case let emulator as SquirroEmulator: try SquirroStateFile.save(emulator.state, to: statePath)
        case let emulator as CloudEmulator: try CloudStateFile.save(emulator.state, to: statePath)
        default: Issue.record("no state file for \(backend.type)")
        }
    }

    func write(_ people: String, prune: Bool = false) -> String {
        folder.write("roster.yaml", backend.config(people: people, prune: prune))
    }

    func plan(_ people: String, prune: Bool = false) async throws -> Plan {
        try await runner.plan(try runner.load(path: write(people, prune: prune)))
    }

    /// Plans and applies; every action must succeed.
    @discardableResult
    func apply(_ people: String, prune: Bool = false, dryRun: Bool = false) async throws -> Plan {
        let loaded = try runner.load(path: write(people, prune: prune))
        switch try await runner.apply(loaded, saved: nil, dryRun: dryRun, parallelism: 4, confirm: { _ in true }) {
        case .applied(let plan, let report):
            let failed = report.actions.filter { $0.outcome != .succeeded }.map { "\($0.message ?? "")" }
            #expect(failed.isEmpty, "\(backend.type): \(failed)")
            return plan
        case .noChanges(let plan): return plan
        case let outcome:
            Issue.record("\(backend.type): unexpected outcome \(outcome)")
            throw CancellationError()
        }
    }

    /// Commits the folder to a git repository of its own: the base of a pull-request plan.
    func commit() throws {
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"],
                          ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git", "-C", folder.path] + arguments
            try git.run()
            git.waitUntilExit()
            #expect(git.terminationStatus == 0, "git \(arguments)")
        }
    }

    /// What the emulator holds now. Before the first run, the emulator has written nothing: a
    /// plan is run to make it persist its seed.
    func held() throws -> [HeldAccount] { try backend.read(statePath) }

    func held(_ key: String) throws -> HeldAccount? { try held().first { $0.key == key } }

    /// The bytes of the state file (a run that changes nothing leaves them as they are).
    func stateBytes() -> Data? { FileManager.default.contents(atPath: statePath) }

    /// `{a: 1}` and `{b: 2}` as `{a: 1, b: 2}`.
    static func merge(_ mapping: String, _ more: String) -> String {
        String(mapping.dropLast()) + ", " + String(more.dropFirst())
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString)" }
    }
}

