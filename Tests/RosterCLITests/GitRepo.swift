import Foundation
import RosterTestSupport

/// A git repository in a scratch folder, for `roster plan --base`: files are written, committed,
/// then changed in the working tree as a pull request would change them.
struct GitRepo {
    private let scratch: Scratch?
    let path: String

    /// A new repository in a scratch folder of its own.
    init() throws {
        let scratch = Scratch()
        self.scratch = scratch
        path = scratch.path
        try git(["init", "-q", "-b", "main"])
    }

    /// A new repository in an existing folder (which the caller removes).
    init(at path: String) throws {
        scratch = nil
        self.path = path
        try git(["init", "-q", "-b", "main"])
    }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        if executable { chmod(file, 0o755) }
        return file
    }

    func commit(_ message: String = "base") throws {
        try git(["add", "-A"])
        try git(["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message])
    }

    func git(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError(description: "git \(arguments.joined(separator: " ")): " + String(decoding: message, as: UTF8.self))
        }
    }

    struct GitError: Error, CustomStringConvertible { var description: String }
}
