import Foundation
import Logging
import RosterCore
import RosterRuntime
@testable import RosterSandbox
import RosterTestSupport
import Testing

/// Issue 9, point 3, and issue 19, point 1: an apply across the four HTTP backends and ActiveLogic
/// while every emulator answers 10% of requests 500/503, closes 5% of connections before answering,
/// loses 2% of answers after doing the work, and throttles 5% with 429 + Retry-After. ONE apply
/// ends with every action succeeded: a change answered 5xx or not at all is read back and finished
/// (sent again only if it did not happen), a read retries while its backend's read time lasts. No
/// account is duplicated, none that should exist is deleted, and the plan after it is empty.
/// ActiveLogic's module loses the same share of connections and answers on its changes (its
/// injected `PLDBError`, a refusal by the system, is left out: no client can finish that).
///
/// `ROSTER_FAULT_PEOPLE` sets the size (`scripts/faults.sh` runs about 1,000 actions).
@Suite(.serialized, .tags(.slow)) struct FaultConvergenceTests {
    static var people: Int { ProcessInfo.processInfo.environment["ROSTER_FAULT_PEOPLE"].flatMap(Int.init) ?? 60 }
    static let retry = "{attempts: 8, base_delay: 1ms, max_delay: 20ms}"
    static let faults = FaultPlan(errorRate: 0.10, errorStatuses: [500, 503], dropRate: 0.05, lostRate: 0.02,
                                  throttleRate: 0.05, retryAfter: 0)

    @Test func oneApplyUnderFaultsConverges() async throws {
        try await FaultLab.with { lab in
            let n = Self.people
            let leavers = Set(stride(from: 3, to: n, by: 7))
            // The leavers exist before the faulty run, which deletes them.
            try lab.inject(.none)
            let setup = try lab.write(lab.config(people: n, only: leavers, retry: Self.retry))
            let quiet = Runner(environment: [:], logger: Logger(label: "setup"))
            _ = try await quiet.apply(try quiet.load(path: setup), saved: nil, dryRun: false, parallelism: 8, confirm: { _ in true })
            #expect(leavers.allSatisfy(lab.exists))

            let path = try lab.write(lab.config(people: n, leavers: leavers, retry: Self.retry))
            try lab.inject(Self.faults, moduleErrors: false)
            let retries = RetryCount()
            let runner = Runner(environment: [:], logger: retries.logger)
            let started = ContinuousClock.now
            let outcome = try await runner.apply(try runner.load(path: path), saved: nil, dryRun: false, parallelism: 8,
                                                 confirm: { _ in true })
            let elapsed = started.duration(to: .now)
            guard case .applied(let plan, let report) = outcome else {
                Issue.record("expected an apply, got \(outcome)")
                return
            }
            let injected = lab.injected
            #expect(report.actions.count == plan.actions.count)
            let failures = report.actions.filter { $0.outcome != .succeeded }
            for failure in failures { print("failed: \(failure.action.change.id): \(failure.message ?? "")") }
            #expect(report.succeeded, "\(failures.count) of \(plan.actions.count) actions did not succeed")
            #expect(lab.duplicates.isEmpty, "duplicates: \(lab.duplicates)")
            #expect(injected[.error, default: 0] > 0 && injected[.drop, default: 0] > 0)
            #expect(injected[.throttle, default: 0] > 0)

            // The plan after the one apply (still under faults) is empty, and the end state is right.
            let after = try await runner.plan(try runner.load(path: path))
            #expect(after.isEmpty, "\(after.actions.map { "\($0.change.operation) \($0.change.id)" })")
            try lab.inject(.none)
            #expect(lab.duplicates.isEmpty)
            for i in 0..<n {
                #expect(lab.exists(i) == !leavers.contains(i), "person \(i)")
                if i % 6 == 5 { #expect(lab.exists(i, on: "al") == !leavers.contains(i), "person \(i) on ActiveLogic") }
            }
            let kinds = FaultKind.allCases.filter { $0 != .latency }.map { "\($0.rawValue)=\(injected[$0, default: 0])" }
            print("""
                faults: actions=\(plan.actions.count) succeeded=\(report.count(.succeeded)) \
                failed=\(report.count(.failed)) skipped=\(report.count(.skipped)) \
                injected: \(kinds.joined(separator: " ")) retries=\(retries.value) \
                http-read-back=\(retries.unknown) plan-after=\(after.actions.count) \
                one-apply-converged=\(report.succeeded && after.isEmpty) seconds=\(elapsed.components.seconds)
                """)
        }
    }
}
