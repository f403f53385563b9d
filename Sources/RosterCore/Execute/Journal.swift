import Foundation
import Synchronization

/// An append-only record of an apply: one JSON line per finished action (`--journal FILE`).
///
/// Each line is written with a single `write(2)` on a descriptor opened with `O_APPEND`, as the
/// action finishes, and synced (`fdatasync(2)`), so a run that is killed leaves a journal that is
/// readable up to its last line. The file is mode 0600 and never opened through a symbolic link.
/// A line holds the action, its backend, object, outcome, error message and duration, never a
/// value: no attribute of a change is written, and an action's message never holds a secret.
public final class Journal: ExecutionObserver {
    /// One line of the journal.
    public struct Entry: Codable, Sendable, Equatable {
        /// When the apply that wrote the line started: the lines of one run share it.
        public var run: String
        public var time: String
        public var index: Int
        public var action: Change.Operation
        public var backend: String
        public var kind: String
        public var object: String
        public var outcome: ActionReport.Outcome
        public var error: String?
        public var durationMs: Int

        enum CodingKeys: String, CodingKey {
            case run, time, index, action, backend, kind, object, outcome, error
            case durationMs = "duration_ms"
        }

        public init(_ report: ActionReport, run: String, time: Date = Date()) {
            let change = report.action.change
            self.run = run
            self.time = time.formatted(.iso8601)
            index = report.action.index
            action = change.operation
            backend = change.id.backend
            kind = change.id.kind
            object = change.id.keyString
            outcome = report.outcome
            error = report.message.map(Redactor.shared.scrub)
            let (seconds, attoseconds) = report.duration.components
            durationMs = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        }
    }

    public let path: String
    /// The start of this run, in every line it writes.
    public let run = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    private let handle: FileHandle
    private let state = Mutex((lines: 0, failure: String?.none))

    /// Opens `path` for appending, creating it (0600) and its folder when missing.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RosterError(backend: "roster", operation: "journal", object: path, message: "cannot create its folder: \(error)")
        }
        let fd = try SafeFile.create(path, exclusive: false, append: true, operation: "journal")
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Lines this run appended.
    public var lines: Int { state.withLock { $0.lines } }
    /// The first write that failed, if one did; the apply goes on regardless.
    public var failure: String? { state.withLock { $0.failure } }

    public func finished(_ report: ActionReport, done: Int, of total: Int) {
        append(Entry(report, run: run))
    }

    public func append(_ entry: Entry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entry) else { return }
        let line = data + Data("\n".utf8)
        state.withLock { state in
            // One write(2) of the whole line: with O_APPEND a killed run leaves whole lines only,
            // or at worst a last line cut short.
            let written = line.withUnsafeBytes { write(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if written == line.count {
                fdatasync(handle.fileDescriptor)
                state.lines += 1
            } else if state.failure == nil {
                let reason = written < 0 ? String(cString: strerror(errno)) : "wrote \(written) of \(line.count) bytes"
                state.failure = "cannot append to \(path): \(reason)"
            }
        }
    }

    /// Runs `body` while no line is being written: an exit from it never cuts a line short.
    public func quiesced<T>(_ body: () -> T) -> T { state.withLock { _ in body() } }

    /// Every entry of a journal file, for reading it back. A last line without its newline is what
    /// a killed run may leave (the write it was in never finished): it is left out.
    public static func read(_ path: String) throws -> [Entry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()  // empty after a final newline, else the cut line
        return try lines.filter { !$0.isEmpty }.map { try JSONNesting.decode(Entry.self, from: Data($0)) }
    }
}

/// Tells several observers, in order, about each finished action.
public struct ObserverGroup: ExecutionObserver {
    public var observers: [any ExecutionObserver]

    public init(_ observers: [any ExecutionObserver]) { self.observers = observers }

    public func finished(_ report: ActionReport, done: Int, of total: Int) {
        for observer in observers { observer.finished(report, done: done, of: total) }
    }
}
