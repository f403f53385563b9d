import Foundation
import Synchronization

/// `--secrets-out FILE`: the secrets an apply creates (new keys, generated passwords), one JSON
/// object keyed by what each secret belongs to (`backend/kind/key#name`), mode 0600.
///
/// The file is opened before the apply (a path that cannot be written stops the run before anything
/// is created; an existing file is refused unless overwriting is asked; a symbolic link is never
/// followed) and holds `{}` at once. Each secret is added as soon as its action succeeds, before the
/// executor starts another action: one `pwrite(2)` that replaces the closing `}` with the new member
/// and a new `}`, then `fsync(2)`. So the file is a whole JSON object after every secret, and an
/// apply that is interrupted or killed keeps every secret it had received.
public final class SecretsFile: ExecutionObserver, @unchecked Sendable {
    public let path: String
    private let fd: Int32
    /// The names written so far, and the file's size (it ends in `}\n`).
    private let state = Mutex((names: [String](), size: 0, failure: String?.none))

    public init(path: String, overwrite: Bool) throws {
        self.path = path
        fd = try SafeFile.create(path, exclusive: !overwrite, operation: "--secrets-out",
                                 existing: "it already exists; remove it or pass --overwrite-secrets")
        let empty = Data("{\n}\n".utf8)
        guard SafeFile.write(fd, empty, at: 0), fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw RosterError(backend: "roster", operation: "--secrets-out", object: path, message: reason)
        }
        state.withLock { $0.size = empty.count }
    }

    deinit { close(fd) }

    /// The names of the secrets written, in the order they came.
    public var names: [String] { state.withLock { $0.names } }
    /// The first write that failed, if one did.
    public var failure: String? { state.withLock { $0.failure } }

    public func finished(_ report: ActionReport, done: Int, of total: Int) {
        guard !report.secrets.isEmpty else { return }
        try? write(report.secrets)
    }

    /// Adds every secret of `secrets`, in name order, and syncs the file. Returns the names added.
    @discardableResult
    public func write(_ secrets: [String: Secret]) throws -> [String] {
        let keys = secrets.keys.sorted()
        try state.withLock { state in
            for key in keys where !state.names.contains(key) {
                guard let value = secrets[key]?.reveal() else { continue }
                let member = try Self.member(key, value)
                // Over the closing "}\n" (or, after a member, over its "\n}\n"): the member and a new close.
                let offset = state.names.isEmpty ? state.size - 2 : state.size - 3
                let text = (state.names.isEmpty ? "" : ",\n") + "  " + member + "\n}\n"
                let data = Data(text.utf8)
                guard SafeFile.write(fd, data, at: offset), fsync(fd) == 0 else {
                    let failure = "cannot write \(path): \(String(cString: strerror(errno)))"
                    if state.failure == nil { state.failure = failure }
                    throw RosterError(backend: "roster", operation: "--secrets-out", object: path, message: failure)
                }
                state.size = offset + data.count
                state.names.append(key)
            }
        }
        return keys
    }

    /// Runs `body` while no secret is being written: an exit from it never cuts a write short.
    public func quiesced<T>(_ body: () -> T) -> T { state.withLock { _ in body() } }

    /// `"name": "value"` as JSON.
    private static func member(_ name: String, _ value: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: [name: value], options: [.withoutEscapingSlashes])
        let object = String(decoding: data, as: UTF8.self)
        return String(object.dropFirst().dropLast())
    }
}

extension ResourceID {
    /// How a secret of this object is named in the secrets file.
    public func secretName(_ attribute: String) -> String { "\(self)#\(attribute)" }
}
