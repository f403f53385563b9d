import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// A journal cut short by `kill -9` in the middle of its last line reads up to that line.
@Suite struct JournalCutTests {
    @Test func aCutLastLineIsLeftOut() throws {
        let folder = TempFolder()
        let path = folder.path + "/journal.jsonl"
        let journal = try Journal(path: path)
        let id = ResourceID(backend: "mem", kind: "mem.user", key: ["alice"])
        let report = ActionReport(action: Action(index: 0, change: Change(.create, id), dependsOn: []), outcome: .succeeded)
        journal.finished(report, done: 1, of: 2)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"run":"x","time":"#.utf8))
        try handle.close()
        let entries = try Journal.read(path)
        #expect(entries.map(\.object) == ["alice"])
    }
}
