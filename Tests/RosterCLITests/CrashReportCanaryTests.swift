import Foundation
import RosterRuntime
@testable import RosterSandbox
import Testing
import RosterTestSupport

/// A crash report holds no secret: `roster apply`, in the middle of its work with every canary of
/// `CanaryTests` in memory, is sent SIGSEGV, and the Swift runtime's crash report (as a run
/// without a terminal prints it, with the `full` preset asked for) and the journal are searched
/// for the canaries. The report must not dump memory at the registers (`CrashReports`).
@Suite(.serialized, .tags(.slow)) struct CrashReportCanaryTests {
    @Test(arguments: ["uyuni", "cloud"])
    func crashReportHoldsNoSecret(type: String) async throws {
        let scene = try CanaryScene(type: type)
        let (canaries, scratch, folder) = (scene.canaries, scene.scratch, scene.folder)
        let state = folder + "/state.json"
        let server = try await Sandbox.start(type: type, seedPath: scene.seed, statePath: state).server
        // The create carrying Ann's password is answered late: the apply is in the middle of its
        // changes, its secrets in memory, when the signal comes.
        let annPassword = canaries.personLiteral
        server.faults = FaultPlan(latency: .seconds(6), errorStatus: 500) {
            String(decoding: $0.body, as: UTF8.self).contains(annPassword)
        }
        let config = scratch.write("roster.yaml", scene.backend.config(canaries, url: server.baseURL, credential: canaries.backend))
        let journal = folder + "/journal.jsonl"
        let environment = scene.environment.merging(["SWIFT_BACKTRACE": "enable=yes,interactive=no,preset=full"]) { $1 }
        let crashed = try await onOwnThread {
            try RosterBinary.runBlocking(["apply", "-c", config, "--yes", "--journal", journal, "--log-level", "trace",
                                          "--secrets-out", folder + "/secrets.json"],
                                         environment: environment, directory: folder, signal: (SIGSEGV, after: 3))
        }
        try await server.shutdown()

        // The runtime's handler reports a signal sent from outside, then lets the run go on; a
        // crash from within would end it.
        #expect(crashed.all.contains("Program crashed"), "no crash report:\n\(crashed.all)")
        #expect(crashed.all.contains("Thread 0"), "no backtrace in the crash report:\n\(crashed.all)")
        #expect(!crashed.all.contains("Registers:"), "memory at the registers is printed:\n\(crashed.all)")
        #expect(server.injected[.latency] >= 1, "the create carrying a password had not been sent")
        let journaled = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
        for canary in canaries.all {
            #expect(!crashed.all.contains(canary), "canary \(canary) in the crash report:\n\(crashed.all)")
            #expect(!journaled.contains(canary), "canary \(canary) in the journal:\n\(journaled)")
        }
    }

    @Test func registersAreLeftOutUnlessTheOperatorSaysOtherwise() {
        #expect(CrashReports.settings(for: nil) == "registers=none")
        #expect(CrashReports.settings(for: " ") == "registers=none")
        #expect(CrashReports.settings(for: "preset=full") == "preset=full,registers=none")
        #expect(CrashReports.settings(for: "enable=yes,interactive=no") == "enable=yes,interactive=no,registers=none")
        #expect(CrashReports.settings(for: "registers=all") == nil)
        #expect(CrashReports.settings(for: "preset=full, Registers=crashed") == nil)
        #expect(CrashReports.settings(for: "enable=no") == nil)
        #expect(CrashReports.settings(for: "interactive=no,enable=OFF") == nil)
    }
}
