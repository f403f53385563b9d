import Foundation
import Testing
import RosterTestSupport

/// `roster apply` journals every finished action to `.roster/journal.jsonl` next to the config.
@Suite(.serialized) struct JournalCLITests {
    @Test func applyWritesTheDefaultJournalAndSaysSo() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let config = folder + "/roster.yaml"
        let journal = folder + "/.roster/journal.jsonl"

        let dry = try await RosterBinary.run(["apply", "-c", config, "--dry-run"])
        #expect(dry.status == 0, "\(dry.all)")
        #expect(!FileManager.default.fileExists(atPath: journal))

        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(apply.stderr.contains("Journal: \(lines.count) line(s) appended to \(journal)"))
        // CI (no terminal): one progress line per finished action.
        #expect(apply.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }.count == lines.count)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["outcome"] as? String == "succeeded")
            #expect(object?["backend"] as? String == "uyuni")
        }
        #expect(text.contains("\"object\":\"asmith\""))
        #expect(!text.contains("alice-first-day-1"))
    }
}
