import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
import Testing

/// Configs, plans and applies against an in-process CTERA emulator.
enum CteraHarness {
    static func config(_ url: String, people: String, tenant: String? = "acme", prune: String = "none") -> String {
        let tenantLine = tenant.map { ", tenant: \($0)" } ?? ""
        return """
            version: 1
            backends:
              portal: {type: ctera, url: "\(url)", username: admin, password: sandbox-admin\(tenantLine), prune: \(prune), protect: [admin]}
            people:
            \(people)
            """
    }

    static func write(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("roster-ctera-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static let runner = Runner(environment: [:], logger: Logger(label: "test"))

    static func plan(_ url: String, _ people: String, tenant: String? = "acme") async throws -> Plan {
        try await runner.plan(try runner.load(path: try write(config(url, people: people, tenant: tenant))))
    }

    /// Plans and applies; returns the plan and the report (nil when there was nothing to do).
    static func apply(_ url: String, _ people: String, tenant: String? = "acme", dryRun: Bool = false) async throws
        -> (Plan, ExecutionReport?)
    {
        let loaded = try runner.load(path: try write(config(url, people: people, tenant: tenant)))
        switch try await runner.apply(loaded, saved: nil, dryRun: dryRun, parallelism: 4, confirm: { _ in true }) {
        case .applied(let plan, let report): return (plan, report)
        case .noChanges(let plan): return (plan, nil)
        case let other: Issue.record("unexpected outcome \(other)"); throw CancellationError()
        }
    }

    /// Applies and expects every action to succeed.
    static func converge(_ url: String, _ people: String, tenant: String? = "acme") async throws -> Plan {
        let (plan, report) = try await apply(url, people, tenant: tenant)
        if let report {
            #expect(report.succeeded, "\(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" })")
        }
        return plan
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { "\($0.change.operation.rawValue) \($0.change.id.kind) \($0.change.id.keyString)" }
    }

    static func user(_ emulator: CteraEmulator, _ name: String, portal: String = "acme") -> CteraState.User? {
        emulator.state.portal(portal)?.users.first { $0.name == name }
    }
}
