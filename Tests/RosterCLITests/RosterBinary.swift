import Foundation
import RosterTestSupport

/// Runs the built `roster` executable, as an operator would.
struct RosterBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    static let packageRoot = RosterTestSupport.packageRoot

    /// `ROSTER_BIN`, or the debug build next to the test bundle.
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["ROSTER_BIN"] { return path }
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("roster").path, packageRoot + "/.build/debug/roster"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// Runs roster on a thread of its own, so that waiting for it never holds one of the few
    /// threads that in-process emulators answer on.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
                    directory: String? = nil) async throws -> Result {
        try await onOwnThread { try runBlocking(arguments, environment: environment, input: input, directory: directory) }
    }

    /// Runs roster to its end and returns what it printed. With `signal`, the signal is sent
    /// after that many seconds if roster still runs; `status` is then the signal if it died of it.
    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
                            directory: String? = nil, executable: String? = nil,
                            signal: (number: Int32, after: Double)? = nil) throws -> Result {
        let process = makeProcess(arguments, environment: environment, directory: directory, executable: executable)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output cannot block it.
        let collected = Collected(), errors = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { collected.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        if let signal {
            Thread.sleep(forTimeInterval: signal.after)
            if process.isRunning { kill(process.processIdentifier, signal.number) }
        }
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: collected.data, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// roster with `arguments`, roster's environment plus `environment` (colours off), in `directory`.
    static func makeProcess(_ arguments: [String], environment: [String: String], directory: String?,
                            executable: String? = nil) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return process
    }
}

/// Runs blocking work on a new thread and awaits its result.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

private final class Collected: @unchecked Sendable {
    var data = Data()
}
