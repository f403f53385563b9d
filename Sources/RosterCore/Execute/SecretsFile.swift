import Foundation

/// `--secrets-out FILE`: the secrets an apply creates (new keys, generated passwords), written once
/// as JSON with mode 0600. The file is opened before the apply, so a path that cannot be written
/// stops the run before anything is created; an existing file is refused unless overwriting is asked.
public final class SecretsFile {
    public let path: String
    private let handle: FileHandle

    public init(path: String, overwrite: Bool) throws {
        self.path = path
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC
        flags |= overwrite ? O_TRUNC : O_EXCL
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let reason = errno == EEXIST
                ? "it already exists; remove it or pass --overwrite-secrets"
                : String(cString: strerror(errno))
            throw RosterError(backend: "roster", operation: "--secrets-out", object: path, message: reason)
        }
        fchmod(fd, 0o600)
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Writes every secret, keyed by what it belongs to (`backend/kind/key#name`). Returns the keys.
    @discardableResult
    public func write(_ secrets: [String: Secret]) throws -> [String] {
        let keys = secrets.keys.sorted()
        var object: [String: String] = [:]
        for key in keys { object[key] = secrets[key]?.reveal() }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try handle.write(contentsOf: data + Data("\n".utf8))
        try handle.synchronize()
        try handle.close()
        return keys
    }
}

extension ResourceID {
    /// How a secret of this object is named in the secrets file.
    public func secretName(_ attribute: String) -> String { "\(self)#\(attribute)" }
}
