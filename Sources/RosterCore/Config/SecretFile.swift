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

    /// Reads an admitted file without blocking: opened non-blocking and checked again after
    /// opening, so a FIFO or device swapped in after the check is refused, not waited on.
    public func read(_ path: String, maxSize: Int) -> Result<Data, BoundedFile.ReadFailure> {
        let real: String
        switch admit(path) {
        case .success(let found): real = found
        case .failure(let reason): return .failure(reason)
        }
        let fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(.init("it cannot be opened")) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(.init("it is not a regular file"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            let data = try handle.read(upToCount: maxSize + 1) ?? Data()
            if data.count > maxSize { return .failure(.init("it is larger than \(maxSize) bytes")) }
            return .success(data)
        } catch {
            return .failure(.init("it cannot be read"))
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
