import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
import Testing

/// Configs against an in-process Squirro emulator, and the pipeline run on them.
enum SquirroFixture {
    static let resources = """
        resources:
          squirro:
            groups: [platform, data, ops]
            workspaces: {lab: {title: Lab}}

        """

    static func config(_ url: String, people: String, extraBackends: String = "") -> String {
        """
        version: 1
        backends:
          squirro: {type: squirro, url: "\(url)", tenant: sandbox, token: sandbox-token, protect: [admin@example.com]}
        \(extraBackends)
        \(resources)
        people:
        \(people)
        """
    }

    static func write(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("roster-squirro-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static var runner: Runner { Runner(environment: [:], logger: Logger(label: "test")) }

    static func plan(_ url: String, _ people: String) async throws -> Plan {
        let runner = Self.runner
        return try await runner.plan(try runner.load(path: try write(config(url, people: people))))
    }

    /// Plans, applies, expects every action to succeed; returns the plan.
    static func converge(_ url: String, _ people: String) async throws -> Plan {
        let runner = Self.runner
        let loaded = try runner.load(path: try write(config(url, people: people)))
        switch try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true }) {
        case .applied(let plan, let report):
            #expect(report.succeeded, "\(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" })")
            return plan
        case .noChanges(let plan): return plan
        case let outcome: Issue.record("unexpected outcome \(outcome)"); throw CancellationError()
        }
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString)" }
    }

    static let alice = """
          alice:
            first_name: Alice
            last_name: Smith
            email: alice@example.com
            password: Alice-pass-1
            accounts:

        """
}
