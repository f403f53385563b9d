import Foundation
import RosterCore
import RosterTestSupport
import Testing

/// Issue 19, points 3 to 5 at the unit level: the secrets file stays a whole JSON object as each
/// secret is added, files are 0600 and never written through a symbolic link, the redactor finds
/// a secret in every escaping, and control characters never reach a terminal raw.
@Suite struct SafeOutputTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func secretsFileIsAWholeObjectAfterEverySecret() throws {
        let folder = TempFolder()
        let path = folder.path + "/secrets.json"
        let file = try SecretsFile(path: path, overwrite: false)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String] == [:])
        #expect(Self.mode(path) == 0o600)
        var expected: [String: String] = [:]
        for i in 0..<5 {
            let value = "pw-\(i)-\"quoted\"/é"
            try file.write(["b/k/\(i)#password": Secret(value)])
            expected["b/k/\(i)#password"] = value
            let read = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String]
            #expect(read == expected)
        }
        try file.write(["b/k/0#password": Secret("again")])  // a name already written is kept as it was
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String] == expected)
        #expect(throws: RosterError.self) { try SecretsFile(path: path, overwrite: false) }
    }

    @Test func filesAreNeverWrittenThroughASymbolicLink() throws {
        let folder = TempFolder()
        let target = folder.write("target.txt", "keep me")
        let link = folder.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: RosterError.self) { try SecretsFile(path: link, overwrite: true) }
        #expect(throws: RosterError.self) { try Journal(path: link) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
        // A saved plan replaces the link itself, atomically, with a 0600 file.
        try SafeFile.replace(link, with: Data("{}".utf8), operation: "--out")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: link, encoding: .utf8) == "{}")
        #expect(Self.mode(link) == 0o600)
    }

    @Test func journalIsPrivateEvenWhenItExisted() throws {
        let folder = TempFolder()
        let path = folder.write("journal.jsonl", "")
        chmod(path, 0o644)
        _ = try Journal(path: path)
        #expect(Self.mode(path) == 0o600)
    }

    @Test func redactorFindsASecretInEveryEscaping() {
        let redactor = Redactor()
        let secret = "Canary/é\"<&>+ ü-7f3a"
        redactor.register(secret)
        let forms = [
            secret,
            #"Canary\/\u00e9\"<&>+ \u00fc-7f3a"#,                   // Python's json.dumps, escaped slash
            #"Canary/\u00E9\"<&>+ \u00FC-7f3a"#,
            "Canary/é\\\"<&>+ ü-7f3a",                              // JSON without \u
            "Canary/é&quot;&lt;&amp;&gt;+ ü-7f3a",                  // XML entities
            "Canary/&#233;&#34;&#60;&#38;&#62;+ &#252;-7f3a",       // numeric references
            "Canary%2F%C3%A9%22%3C%26%3E%2B%20%C3%BC-7f3a",         // URL encoding
            "Canary%2f%c3%a9%22%3c%26%3e%2b%20%c3%bc-7f3a",
            "Canary%2F%C3%A9%22%3C%26%3E%2B+%C3%BC-7f3a",           // form encoding
        ]
        for form in forms {
            let scrubbed = redactor.scrub("vendor said: {\"password\": \"\(form)\"} (truncated later)")
            #expect(!scrubbed.contains("Canary"), "\(form) → \(scrubbed)")
            #expect(scrubbed.contains(Secret.redacted))
        }
        #expect(redactor.scrub("no secret here") == "no secret here")
    }

    @Test func controlCharactersAreEscaped() {
        let hostile = "bob\u{1B}[2J\u{1B}]0;owned\u{07}\r\u{202E}evil\u{9B}"
        let shown = TerminalText.escape(hostile)
        #expect(shown == "bob\\x1B[2J\\x1B]0;owned\\x07\\x0D\\u{202E}evil\\x9B")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(TerminalText.escape("line\n\tindented") == "line\n\tindented")
        // roster's own colours stay where colour is on; a vendor's other sequences do not.
        #expect(TerminalText.escape("\u{1B}[32m+ x\u{1B}[0m", keepColor: true) == "\u{1B}[32m+ x\u{1B}[0m")
        #expect(TerminalText.escape("\u{1B}[8mhidden", keepColor: true) == "\\x1B[8mhidden")
    }
}
