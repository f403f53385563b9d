import Foundation

/// The package's root folder, for tests that read examples and schemas.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// A temporary folder of files, removed when the test ends.
public final class TempFolder {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "roster-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (folders created as needed) and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    /// Copies a folder of the repository (e.g. an example) into this folder.
    public func copy(_ relative: String) throws -> String {
        let target = path + "/" + (relative as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: packageRoot + "/" + relative, toPath: target)
        // A sandbox state left by a run in the working tree must not leak into the test.
        try? FileManager.default.removeItem(atPath: target + "/.roster")
        return target
    }
}

/// The CLI tests' name for it.
public typealias Scratch = TempFolder
