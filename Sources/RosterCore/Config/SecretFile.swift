import Foundation

/// Where a `${file:PATH}` secret may come from: a regular file whose real path (every symlink
/// followed) lies inside the config's folder or inside a folder given with `--secrets-dir`. Never
/// a folder the config names itself, so a change to the config cannot reach `/proc/self/environ`.
public struct SecretFileRule: Sendable {
    /// The config's folder and the `--secrets-dir` folders, as given.
    public var roots: [String]

    public init(roots: [String]) { self.roots = roots }

    /// The rule, as a config error names it.
    public static let description =
        "a '${file:}' secret must be a regular file inside the config's folder or a '--secrets-dir' folder"

    /// The file's real path when it may be read, or why not.
    public func admit(_ path: String) -> Result<String, BoundedFile.ReadFailure> {
        guard let real = Self.realPath(path) else {
            return .failure(.init(FileManager.default.fileExists(atPath: path) ? "it cannot be resolved" : "it does not exist"))
        }
        let inside = roots.compactMap(Self.realPath).contains { root in
            root == "/" || real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
        guard inside else { return .failure(.init("it is outside the config's folder and every '--secrets-dir'")) }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.init("it is not a regular file"))
        }
        return .success(real)
    }

    /// Reads an admitted file through `BoundedFile`, which opens it without blocking and checks
    /// again that it is a regular file, so a FIFO or device swapped in after the check is refused.
    public func read(_ path: String, maxSize: Int) -> Result<Data, BoundedFile.ReadFailure> {
        admit(path).flatMap { BoundedFile.read($0, maxSize: maxSize) }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
