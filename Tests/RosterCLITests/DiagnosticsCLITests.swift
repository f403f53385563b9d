import Foundation
import RosterTestSupport
import Testing

/// Diagnostics as a compiler gives them: the config line with a caret under the column, a
/// suggestion for a mistyped command, one exit code for every usage error.
@Suite struct DiagnosticsCLITests {
    @Test func anErrorShowsItsLineWithACaretUnderTheColumn() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let config = folder + "/roster.yaml"
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "people:\n", with: "people:\n  ghost: {emial: g@example.com, accounts: {}}\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("emial") }.map { $0 + 1 } ?? 0
        let shown = try await RosterBinary.run(["validate", "-c", config], environment: ["ROSTER_SOURCE_EXCERPTS": "1"])
        #expect(shown.status == 1, "\(shown.all)")
        #expect(shown.stderr.contains(":\(line):11: error: unknown key 'emial'"), "\(shown.stderr)")
        #expect(shown.stderr.contains(" \(line) |   ghost: {emial: g@example.com, accounts: {}}\n"
            + " \(String(repeating: " ", count: String(line).count)) | \(String(repeating: " ", count: 10))^\n"), "\(shown.stderr)")
        // Off a terminal, by default, the diagnostic alone.
        let plain = try await RosterBinary.run(["validate", "-c", config])
        #expect(plain.status == 1)
        #expect(!plain.stderr.contains(" | "), "\(plain.stderr)")
    }

    @Test func anExcerptNeverShowsAPasswordWrittenInTheConfig() async throws {
        let folder = TempFolder()
        let config = folder.write("roster.yaml", """
            version: 1
            backends:
              uyuni: {type: uyuni, url: sandbox}
            people:
              ann: {email: ann@example.com, password: literal-canary-77, accounts: {uyuni: {rolse: [org_admin]}}}
            """)
        let result = try await RosterBinary.run(["validate", "-c", config], environment: ["ROSTER_SOURCE_EXCERPTS": "1"])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.contains(" 5 |   ann: {email: ann@example.com, password: (sensitive)"), "\(result.stderr)")
        #expect(!result.all.contains("literal-canary-77"))
    }

    @Test func aTabInTheConfigIsToldWithItsFix() async throws {
        let folder = TempFolder()
        let config = folder.write("roster.yaml", "version: 1\nbackends:\n\tuyuni: {type: uyuni, url: sandbox}\n")
        let result = try await RosterBinary.run(["validate", "-c", config], environment: ["ROSTER_SOURCE_EXCERPTS": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("roster.yaml:3:1: error: tab character: YAML indents with spaces only"), "\(result.stderr)")
        #expect(result.stderr.contains(" 3 |  uyuni: {type: uyuni, url: sandbox}\n   | ^\n"), "\(result.stderr)")
        #expect(result.stderr.contains("note: replace the tab with spaces"))
    }

    @Test func aMistypedCommandIsSuggestedAndExitsWithTheUsageCode() async throws {
        let result = try await RosterBinary.run(["paln", "-c", "roster.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("error: unknown command 'paln'"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'plan'?"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func everyUsageErrorExitsWithTheDocumentedCode() async throws {
        for arguments in [["plan", "--no-such-option"], ["plan", "--format", "yaml"], ["validate", "-c"], ["plan", "--full"]] {
            let result = try await RosterBinary.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.all)")
        }
        let help = try await RosterBinary.run(["--help"])
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("64 usage error"), "\(help.stdout)")
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("64 usage error"))
    }
}
