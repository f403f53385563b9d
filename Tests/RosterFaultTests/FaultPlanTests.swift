import Foundation
import RosterSandbox
import RosterTestSupport
import Testing

/// Fault plans from `roster sandbox --fault` text and from a seed's `faults:` block.
@Suite struct FaultPlanTests {
    @Test func theFlagSpecSetsEveryKind() throws {
        let plan = try FaultPlan(spec: "error=0.1,status=500/503,drop=0.05,lost=0.02,throttle=0.05,retry-after=2,latency=20ms")
        #expect(plan.errorRate == 0.1 && plan.errorStatuses == [500, 503])
        #expect(plan.dropRate == 0.05 && plan.lostRate == 0.02 && plan.throttleRate == 0.05)
        #expect(plan.retryAfter == 2 && plan.latency == .milliseconds(20))
        #expect(try FaultPlan(spec: "latency=1.5s").latency == .milliseconds(1500))
        #expect(try FaultPlan(spec: "").isEmpty)
    }

    @Test func aBadSpecSaysWhatIsWrong() {
        #expect(throws: SandboxError.self) { try FaultPlan(spec: "error=2") }
        #expect(throws: SandboxError.self) { try FaultPlan(spec: "latency=20") }
        #expect(throws: SandboxError.self) { try FaultPlan(spec: "status=200") }
        do throws(SandboxError) {
            _ = try FaultPlan(spec: "eror=0.1")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown fault 'eror'"))
        }
    }

    @Test func aSeedFaultsBlockIsAppliedByTheSandbox() async throws {
        let folder = TempFolder()
        let seed = folder.write("seed.yaml", """
            users:
              - {login: admin, password: sandbox-admin, roles: [org_admin]}
            faults: {error: 0.25, status: [503], drop: 0.01, lost: 0.02, throttle: 0.03, retry_after: 0, latency: 5ms}
            """)
        let (server, _) = try await Sandbox.start(type: "uyuni", seedPath: seed)
        let plan = server.faults
        try await server.shutdown()
        #expect(plan.errorRate == 0.25 && plan.errorStatuses == [503] && plan.dropRate == 0.01)
        #expect(plan.lostRate == 0.02 && plan.throttleRate == 0.03 && plan.retryAfter == 0)
        #expect(plan.latency == .milliseconds(5))
    }

    @Test func aBadSeedFaultIsReportedAtItsLine() {
        let folder = TempFolder()
        let seed = folder.write("seed.yaml", "faults:\n  error: 0.1\n  dorp: 0.2\n")
        #expect { try FaultPlan.fromSeed(path: seed) } throws: { error in
            (error as? SandboxError)?.location?.hasSuffix(":3:3") == true
        }
    }
}
