import Foundation
import Testing
import RosterTestSupport

/// On a terminal (`script` gives roster a pseudo-terminal): colour unless NO_COLOR, and apply asks
/// before it changes anything.
@Suite struct TerminalTests {
    static func onTerminal(_ command: String, input: String, noColor: Bool) async throws -> String {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = noColor ? "1" : nil
            environment["TERM"] = "xterm"
            process.environment = environment
            let out = Pipe(), stdin = Pipe()
            process.standardOutput = out
            process.standardInput = stdin
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test func applyAsksAndNoMeansNothingChanges() async throws {
        let scratch = Scratch()
        let config = try scratch.copy("examples/quickstart") + "/roster.yaml"
        let declined = try await Self.onTerminal("\(RosterBinary.path) apply -c \(config)", input: "no\n", noColor: false)
        #expect(declined.contains("Apply these changes?"))
        #expect(declined.contains("Apply cancelled."))
        #expect(declined.contains("\u{1B}[32m    + uyuni.user asmith"))
        let plan = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(plan.status == 2, "declining must change nothing")

        let accepted = try await Self.onTerminal("\(RosterBinary.path) apply -c \(config)", input: "yes\n", noColor: true)
        #expect(accepted.contains("0 failed"))
        #expect(!accepted.contains("\u{1B}[3"), "NO_COLOR must turn colour off")
        let after = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(after.status == 0)
    }
}
