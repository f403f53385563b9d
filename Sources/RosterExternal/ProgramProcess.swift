import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Why a provider program gave no answer.
enum ProgramFailure: Error, Sendable {
    case exited(status: Int32, bySignal: Bool)
    case timedOut
    case lineTooLong
    case cannotStart(String)
}

/// A running provider program: writes one request line to its stdin and reads one response line
/// from its stdout before a deadline. All blocking I/O runs on a serial dispatch queue of its own,
/// never on Swift's cooperative threads, and the queue's order is the order of requests.
/// Its stderr is drained on a thread of its own into a bounded tail kept for error messages.
final class ProgramProcess: @unchecked Sendable {
    static let maxLine = 64 * 1024 * 1024
    private let process: Process
    private let input: Int32
    private let output: Int32
    let stderr: StderrTail
    private let queue = DispatchQueue(label: "roster.external.program")
    /// Bytes read past the last line; touched only on `queue`.
    private var pending: [UInt8] = []
    private var failure: ProgramFailure?

    private init(process: Process, input: Int32, output: Int32, stderr: StderrTail) {
        self.process = process
        self.input = input
        self.output = output
        self.stderr = stderr
    }

    /// Starts `arguments[0]` (a bare name is looked up on PATH, a relative path from `directory`)
    /// in `directory`, with `environment` added to roster's own.
    static func launch(_ arguments: [String], directory: String, environment: [String: String]) throws(ProgramFailure)
        -> ProgramProcess
    {
        _ = ignoreSIGPIPE
        guard let first = arguments.first, let executable = resolve(first, directory: directory) else {
            throw .cannotStart("program '\(arguments.first ?? "")' not found")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        do { try process.run() } catch { throw .cannotStart("cannot start '\(executable)': \(error)") }
        let input = stdinPipe.fileHandleForWriting.fileDescriptor
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        let tail = StderrTail()
        let errorHandle = stderrPipe.fileHandleForReading
        Thread { tail.drain(errorHandle) }.start()
        let program = ProgramProcess(process: process, input: input,
                                     output: stdoutPipe.fileHandleForReading.fileDescriptor, stderr: tail)
        program.handles = [stdinPipe.fileHandleForWriting, stdoutPipe.fileHandleForReading]
        return program
    }

    /// Keeps the pipes' file handles (and so their descriptors) open as long as the program runs.
    private var handles: [FileHandle] = []

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func resolve(_ name: String, directory: String) -> String? {
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : directory + "/" + name
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Sends `line` and returns the next line the program prints, or throws once `timeout` passes,
    /// killing the program: a program that missed one deadline is not trusted with another.
    func exchange(_ line: [UInt8], timeout: Duration) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.exchangeBlocking(line, deadline: .now + timeout) })
            }
        }
    }

    /// Closes stdin (a well-behaved program exits at end of input), waits up to `grace`, then kills it.
    func stop(grace: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                try? self.handles.first?.close()
                let deadline = ContinuousClock.now + grace
                while self.process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
                if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
                continuation.resume()
            }
        }
    }

    private func exchangeBlocking(_ line: [UInt8], deadline: ContinuousClock.Instant) throws(ProgramFailure) -> [UInt8] {
        if let failure { throw failure }
        do {
            try write(line + [UInt8(ascii: "\n")], deadline: deadline)
            return try readLine(deadline: deadline)
        } catch {
            if case .timedOut = error { kill(process.processIdentifier, SIGKILL) }
            failure = error
            throw error
        }
    }

    private func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(ProgramFailure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { systemWrite(input, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno != EAGAIN && errno != EINTR { throw exitStatus() }
            try wait(for: input, events: Int16(POLLOUT), deadline: deadline)
        }
    }

    private func readLine(deadline: ContinuousClock.Instant) throws(ProgramFailure) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            if pending.count > Self.maxLine { throw .lineTooLong }
            try wait(for: output, events: Int16(POLLIN), deadline: deadline)
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n > 0 { pending += chunk[..<n] }
            else if n == 0 { throw exitStatus() }
            else if errno != EINTR && errno != EAGAIN { throw exitStatus() }
        }
    }

    /// Waits until `fd` is ready, in short slices so that a program that exited is noticed even
    /// when another process holds a copy of the pipe.
    private func wait(for fd: Int32, events: Int16, deadline: ContinuousClock.Instant) throws(ProgramFailure) {
        while true {
            let left = deadline - ContinuousClock.now
            if left <= .zero { throw .timedOut }
            var poller = pollfd(fd: fd, events: events, revents: 0)
            let slice = min(100, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            if poll(&poller, 1, max(slice, 1)) > 0 { return }
            if !process.isRunning {
                // One last look: what it printed before exiting may still be in the pipe.
                var last = pollfd(fd: fd, events: events, revents: 0)
                if poll(&last, 1, 0) > 0 { return }
                throw exitStatus()
            }
        }
    }

    private func exitStatus() -> ProgramFailure {
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning { return .exited(status: -1, bySignal: false) }
        return .exited(status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal)
    }
}

/// The last bytes a program wrote to stderr.
final class StderrTail: Sendable {
    static let limit = 8192
    private let bytes = Mutex<[UInt8]>([])
    private let ended = Mutex(false)

    func drain(_ handle: FileHandle) {
        while true {
            let data = handle.availableData
            if data.isEmpty { ended.withLock { $0 = true }; return }
            bytes.withLock {
                $0 += data
                if $0.count > Self.limit { $0.removeFirst($0.count - Self.limit) }
            }
        }
    }

    /// Waits a little for the program's last words once it has exited.
    func settle(within limit: Duration = .milliseconds(500)) {
        let deadline = ContinuousClock.now + limit
        while !ended.withLock({ $0 }) && ContinuousClock.now < deadline { usleep(5_000) }
    }

    var text: String {
        String(decoding: bytes.withLock { $0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
