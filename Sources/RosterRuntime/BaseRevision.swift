import Foundation
import RosterCore

/// The repository's tree at a git revision, taken out into a private temporary folder: the
/// config of `roster plan --base REF` as REF has it, with the files next to it (a provider
/// program, a CA file) as REF has them, so nothing a change edits is run or trusted.
public struct BaseRevision: Sendable {
    /// The temporary folder holding the tree; removed by `remove()`.
    public let folder: String
    /// The config (file or folder) inside it.
    public let config: String

    /// Takes out the tree of `revision` from the repository that holds `configPath`.
    public static func checkout(_ revision: String, configPath: String, git: String = "git") throws(DiagnosticError) -> BaseRevision {
        guard !revision.isEmpty, !revision.hasPrefix("-"), !revision.contains("\0") else {
            throw DiagnosticError([.error("--base takes a git revision, not '\(revision)'", at: nil)])
        }
        let real = URL(fileURLWithPath: configPath).standardizedFileURL.resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) else {
            throw DiagnosticError([.error("config '\(configPath)' does not exist", at: nil)])
        }
        let folder = isFolder.boolValue ? real : (real as NSString).deletingLastPathComponent
        let top = try run(git, ["-C", folder, "rev-parse", "--show-toplevel"], "find the git repository of '\(configPath)'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let root = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        guard real == root || real.hasPrefix(root + "/") else {
            throw DiagnosticError([.error("config '\(configPath)' is not inside its git repository '\(root)'", at: nil)])
        }
        let relative = String(real.dropFirst(root.count)).drop { $0 == "/" }
        let temporary = try makePrivateFolder()
        do {
            let archive = temporary + "/base.tar", tree = temporary + "/tree"
            try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: false)
            _ = try run(git, ["-C", root, "archive", "--format=tar", "-o", archive, revision], "read revision '\(revision)'")
            _ = try run("tar", ["-xf", archive, "-C", tree], "unpack revision '\(revision)'")
            try? FileManager.default.removeItem(atPath: archive)
            let config = relative.isEmpty ? tree : tree + "/" + relative
            guard FileManager.default.fileExists(atPath: config) else {
                throw DiagnosticError([.error("config '\(relative)' does not exist at \(revision)", at: nil)])
            }
            return BaseRevision(folder: temporary, config: config)
        } catch let error as DiagnosticError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DiagnosticError([.error("cannot unpack revision '\(revision)': \(error)", at: nil)])
        }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// A new folder only this user can enter.
    static func makePrivateFolder() throws(DiagnosticError) -> String {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("roster-base-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw DiagnosticError([.error("cannot make a temporary folder for the base revision", at: nil)])
        }
        return String(cString: made)
    }

    /// Runs a program (found on PATH) to its end; its stdout, or an error saying what failed.
    static func run(_ program: String, _ arguments: [String], _ what: String) throws(DiagnosticError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DiagnosticError([.error("cannot \(what): '\(program)' does not run", at: nil)])
        }
        let group = DispatchGroup()
        let collected = Collected()
        DispatchQueue.global().async(group: group) { collected.error = err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: collected.error.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DiagnosticError([.error("cannot \(what): \(program) says: \(message)", at: nil)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private final class Collected: @unchecked Sendable {
        var error = Data()
    }
}
