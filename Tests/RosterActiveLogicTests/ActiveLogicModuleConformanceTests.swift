import Foundation
import RosterSandbox
import Testing
import RosterTestSupport

/// The sandbox's `activelogic` module against the vendor's documented contract: calls, argument
/// types, exceptions and their messages (Tests/conformance/activelogic_module.py).
@Suite(.tags(.vendorSDK)) struct ActiveLogicModuleConformanceTests {
    @Test func sandboxModuleKeepsTheDocumentedContract() async throws {
        let lab = ActiveLogicLab()
        let module = try Sandbox.prepareModule(type: "activelogic", seedPath: nil, statePath: lab.statePath)
        #expect(module.url.hasPrefix("file:///"))
        let script = ActiveLogicLab.packageRoot + "/Tests/conformance/activelogic_module.py"
        let (status, output) = try await Self.python([script, module.url], environment: module.environment)
        #expect(status == 0, "\(output)")
        #expect(output.contains("20 passed, 0 failed"), "\(output)")
    }

    /// Runs python3 on a thread of its own, never on the cooperative pool.
    static func python(_ arguments: [String], environment: [String: String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["python3"] + arguments
                    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
                })
            }.start()
        }
    }
}
