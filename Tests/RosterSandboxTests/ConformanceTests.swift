import Foundation
import RosterTestSupport
import Testing
@testable import RosterSandbox

/// Runs Python's stock xmlrpc.client against the emulator (Tests/conformance/uyuni_xmlrpc.py).
@Suite(.tags(.vendorSDK)) struct ConformanceTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("conformance/uyuni_xmlrpc.py")

    @Test func pythonXMLRPCClientAgainstUyuniEmulator() async throws {
        let emulator = try UyuniEmulator()
        let (status, output) = try await withEmulatorServer(emulator) { server in
            try await Self.runPython(arguments: [Self.script.path, Sandbox.clientURL(type: "uyuni", baseURL: server.baseURL)])
        }
        #expect(status == 0, "python output:\n\(output)")
        #expect(output.contains("0 failed"), "python output:\n\(output)")
        #expect(emulator.state.user(login: "pyuser1")?.roles == ["channel_admin"])
    }

    static func runPython(arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = try await blocking {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
