import Foundation
import Testing
import RosterTestSupport

/// Hostile configs through the built binary, under a cap on its memory: each is refused with a
/// `file:line:col: error:` (or file-level) message, quickly, without exhausting memory.
@Suite struct HostileConfigTests {
    /// Address space `roster validate` may use (ulimit -v, KiB): far below what an unbounded
    /// expansion or read would take.
    static let memoryCapKiB = 3 << 20

    /// Runs `roster validate -c FILE` under the memory cap.
    static func validate(_ file: String, environment: [String: String] = [:]) async throws -> RosterBinary.Result {
        let command = "ulimit -v \(memoryCapKiB); exec \"$0\" validate -c \"$1\""
        return try await onOwnThread {
            try RosterBinary.runBlocking(["-c", command, RosterBinary.path, file], environment: environment,
                                         executable: "/bin/sh")
        }
    }

    static func expectRefused(_ result: RosterBinary.Result, _ start: String, _ message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.all)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix(start), "\(result.stderr.prefix(600))", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr.prefix(600))", sourceLocation: sourceLocation)
        #expect(result.stderr.utf8.count < 4096, "a long error: \(result.stderr.utf8.count) bytes", sourceLocation: sourceLocation)
    }

    @Test func aHugeFileIsRefusedBeforeItIsRead() async throws {
        let scratch = Scratch()
        let file = scratch.path + "/huge.yaml"
        // Sparse: 300 MiB long, nothing on disk.
        #expect(FileManager.default.createFile(atPath: file, contents: Data("version: 1\n".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        let result = try await Self.validate(file)
        Self.expectRefused(result, "\(file):", "file is larger than the limit of 268435456 bytes")
    }

    @Test func deepNestingIsRefusedAtItsPlace() async throws {
        let scratch = Scratch()
        let file = scratch.write("deep.yaml", "version: 1\npeople:\n  a: " + String(repeating: "[", count: 200_000) + "\n")
        let result = try await Self.validate(file)
        Self.expectRefused(result, "\(file):3:", "nesting exceeds 256 levels")
    }

    @Test func billionLaughsAreRefusedAtTheAlias() async throws {
        var text = "version: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...12 {
            text += "x\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        text += "people:\n  a: {accounts: *a12}\n"
        let scratch = Scratch()
        let file = scratch.write("laughs.yaml", text)
        // Refused at the limit, where the 10^13 nodes would have been expanded: the limit is what
        // bounds the time (a wall-clock bound here would fail on a busy machine, not on a regression).
        Self.expectRefused(try await Self.validate(file), "\(file):7:", "alias expansion exceeds 1000000 nodes")
    }

    @Test func nonUTF8BytesArePlaced() async throws {
        let scratch = Scratch()
        let file = scratch.path + "/latin1.yaml"
        try Data(Array("version: 1\npeople:\n  ren".utf8) + [0xE9, 0x3A, 0x20, 0x7B, 0x7D, 0x0A]).write(to: URL(fileURLWithPath: file))
        Self.expectRefused(try await Self.validate(file), "\(file):3:6: error: invalid UTF-8 byte '0xE9'", "must be UTF-8")
        let utf16 = scratch.path + "/binary.yaml"
        try Data([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: utf16))
        let binary = try await Self.validate(utf16)
        #expect(binary.status == 1 && binary.stderr.hasPrefix("\(utf16):") && binary.stderr.contains("error:"), "\(binary.all)")
    }

    @Test func aDeviceAsConfigIsReadOnlyUpToTheLimit() async throws {
        let result = try await Self.validate("/dev/zero")
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.hasPrefix("/dev/zero:") && result.stderr.contains("error:"), "\(result.stderr.prefix(400))")
    }

    @Test func secretFilesAreReadWithinBounds() async throws {
        let scratch = Scratch()
        try Data([0x70, 0xE9, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: scratch.path + "/latin1-secret"))
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              u: {type: uyuni, url: sandbox, password: "${file:/dev/zero}"}
              c: {type: ctera, url: sandbox, password: "${file:latin1-secret}"}
              s: {type: cloud, url: sandbox, password: "${file:.}"}

            """)
        let result = try await Self.validate(file)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.contains("\(file):3:44: error: cannot read secret file '/dev/zero': it is outside the config's folder and every '--secrets-dir'"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\(file):4:44: error: secret file '\(scratch.path)/latin1-secret' is not UTF-8 text"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\(file):5:44: error: cannot read secret file"), "\(result.stderr)")
    }
}
