import Foundation
import Testing
import RosterTestSupport

/// The vendor's own SDK (squirroclient 3.17.3 from PyPI, in .venv) against `roster sandbox`, then
/// roster against the same emulator, seeing what the SDK left behind.
@Suite(.tags(.vendorSDK)) struct SquirroConformanceTests {
    /// The Python of `Tests/conformance/venv.sh`, which installs requirements.txt on first use.
    static func venvPython() async throws -> String {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [RosterBinary.packageRoot + "/Tests/conformance/venv.sh"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func run(_ python: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    @Test func squirroclientDrivesTheSandboxAndRosterSeesWhatItCreated() async throws {
        let python = try await Self.venvPython()
        #expect(FileManager.default.isExecutableFile(atPath: python), "venv.sh gave '\(python)'")
        let served = try SandboxCommandTests.Served()
        let url = try #require(served.urls["squirro"], "roster sandbox printed no squirro line")

        let script = RosterBinary.packageRoot + "/Tests/conformance/squirro_sdk.py"
        let (status, output) = try await Self.run(python, [script, url])
        #expect(status == 0, "\(output)")
        #expect(output.contains(" passed, 0 failed"), "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")

        let scratch = Scratch()
        let config = scratch.write("roster.yaml", """
            version: 1
            backends:
              squirro: {type: squirro, url: "\(url)", tenant: sandbox, token: sandbox-token, prune: all, protect: [admin@example.com]}
            people: {}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 0, "\(plan.all)")
        for line in ["- squirro.user sdk-kept@example.com  (pruned)", "- squirro.group SDK Team  (pruned)",
                     "- squirro.workspace sdk-lab  (pruned)", "- squirro.project_user sdk-kept@example.com/research"] {
            #expect(plan.stdout.contains(line), "\(line) in:\n\(plan.stdout)")
        }
        #expect(!plan.stdout.contains("admin@example.com"))
        #expect(!plan.stdout.contains("sdk-one@example.com"))
    }

    @Test func exampleConvergesAcrossUyuniAndSquirro() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/squirro")
        let config = folder + "/roster.yaml"
        let first = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(first.status == 2, "\(first.all)")
        #expect(first.stdout.contains("+ squirro.user alice@example.com"), "\(first.stdout)")
        #expect(first.stdout.contains("- squirro.user carol@example.com"), "\(first.stdout)")
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
        #expect(!apply.all.contains("Alice-initial-1"))
        let again = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.all)")
    }
}
