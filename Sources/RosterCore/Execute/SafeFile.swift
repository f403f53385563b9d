import Foundation

/// The files roster writes with personal data or secrets (the secrets file, the journal, a saved
/// plan): mode 0600, never through a symbolic link, only regular files.
public enum SafeFile {
    /// Opens `path` for writing, created with mode 0600 (an existing file is set to 0600). With
    /// `exclusive`, an existing file is refused (`existing` says why); `append` keeps its content,
    /// otherwise it is emptied. A symbolic link as the last part of the path is refused, not followed.
    public static func create(_ path: String, exclusive: Bool, append: Bool = false, operation: String,
                              existing: String = "it already exists") throws -> Int32 {
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        if exclusive { flags |= O_EXCL } else if append { flags |= O_APPEND } else { flags |= O_TRUNC }
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let reason = switch errno {
            case EEXIST: existing
            case ELOOP: "it is a symbolic link; roster writes no file through one"
            default: String(cString: strerror(errno))
            }
            throw RosterError(backend: "roster", operation: operation, object: path, message: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw RosterError(backend: "roster", operation: operation, object: path, message: "not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)  // opened so only to refuse a FIFO without waiting
        fchmod(fd, 0o600)
        return fd
    }

    /// Writes all of `data` at `offset` (`pwrite(2)`, again after a short write). False on an error.
    public static func write(_ fd: Int32, _ data: Data, at offset: Int) -> Bool {
        data.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// Replaces `path` with `data` at once: written to a new 0600 file beside it, synced, then
    /// renamed over it (a symbolic link at `path` is replaced, not followed). A reader sees the
    /// old file or the new one, never part of one.
    public static func replace(_ path: String, with data: Data, operation: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = try create(temporary, exclusive: true, operation: operation)
        let written = write(fd, data, at: 0) && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard written, rename(temporary, path) == 0 else {
            let why = written ? String(cString: strerror(errno)) : reason
            unlink(temporary)
            throw RosterError(backend: "roster", operation: operation, object: path, message: "cannot write: \(why)")
        }
    }
}
