import Foundation
import RosterCore
import Synchronization
import Testing
import RosterTestSupport

/// The apply journal: one JSON line per finished action, never a secret.
@Suite struct JournalTests {
    static let config = """
        resources:
          mem: {groups: {ops: {}, dev: {}}}
        people:
          alice: {email: a@x, password: '${env:PW}', accounts: {mem: {groups: [ops]}}}
          bob: {email: b@x, password: '${env:PW}', accounts: {mem: {groups: [dev]}}}
          carol: {state: absent, accounts: {mem: {}}}
        """

    @Test func oneLinePerActionWithItsOutcome() async throws {
        let (plan, store, _, _) = try await PlanTests.setUp(Self.config) { store in
            store.seed(PlanTests.id("user", "carol"), ["enabled": true])
        }
        store.fail("alice")
        let folder = TempFolder()
        let path = folder.path + "/.roster/journal.jsonl"
        let journal = try Journal(path: path)
        let counter = Counter()
        let sink = SessionSink(sessions: ["mem": MemorySession(store: store, backend: "mem", mode: .readWrite)])
        let report = await Executor(parallelism: 2).run(plan, sink: sink, observer: ObserverGroup([counter, journal]))

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        #expect(lines.count == plan.actions.count + 1)
        #expect(journal.lines == plan.actions.count)
        #expect(counter.count == plan.actions.count)
        for line in lines.dropLast() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let keys = Set((object ?? [:]).keys)
            #expect(keys.isSuperset(of: ["action", "backend", "object", "outcome", "duration_ms"]))
        }
        let entries = try Journal.read(path)
        #expect(Set(entries.map(\.run)) == [journal.run])
        #expect(journal.run.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(journal.run)")
        let outcomes = Dictionary(uniqueKeysWithValues: entries.map { ($0.object, $0.outcome) })
        #expect(outcomes == Dictionary(uniqueKeysWithValues: report.actions.map { ($0.action.change.id.keyString, $0.outcome) }))
        #expect(outcomes["alice"] == .failed)
        #expect(outcomes["ops/alice"] == .skipped)
        #expect(outcomes["bob"] == .succeeded)
        #expect(outcomes["carol"] == .succeeded)
        let failed = try #require(entries.first { $0.object == "alice" })
        #expect(failed.error?.contains("injected") == true)
        #expect(failed.action == .create && failed.backend == "mem" && failed.kind == "memory.user")
        #expect(failed.durationMs >= 5)
        #expect(entries.first { $0.object == "ops/alice" }?.error?.contains("alice") == true)
        #expect(entries.first { $0.object == "carol" }?.action == .delete)
        #expect(entries.first { $0.object == "bob" }?.error == nil)
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("canary-secret-1234"))
    }

    @Test func eachLineIsOnDiskAsSoonAsItsActionFinishes() async throws {
        let (plan, _, _, _) = try await PlanTests.setUp(Self.config) { _ in }
        let folder = TempFolder()
        let path = folder.path + "/deep/er/journal.jsonl"
        let journal = try Journal(path: path)
        for (n, action) in plan.actions.prefix(3).enumerated() {
            journal.finished(ActionReport(action: action, outcome: .succeeded), done: n + 1, of: plan.actions.count)
            // Read while the journal is still open, as after a run killed at this point.
            #expect(try Journal.read(path).count == n + 1)
        }
    }

    @Test func appendsToAnExistingJournal() async throws {
        let (plan, _, _, _) = try await PlanTests.setUp(Self.config) { _ in }
        let folder = TempFolder()
        let path = folder.write("journal.jsonl", "")
        for _ in 0..<2 {
            let journal = try Journal(path: path)
            journal.finished(ActionReport(action: plan.actions[0], outcome: .skipped, message: "why"), done: 1, of: 1)
        }
        let entries = try Journal.read(path)
        #expect(entries.map(\.outcome) == [.skipped, .skipped])
        #expect(entries.map(\.error) == ["why", "why"])
    }

    @Test func anUnwritablePathIsAnError() throws {
        let folder = TempFolder()
        let file = folder.write("not-a-folder", "x")
        #expect(throws: RosterError.self) { try Journal(path: file + "/journal.jsonl") }
    }
}

private final class Counter: ExecutionObserver {
    let seen = Mutex(0)
    var count: Int { seen.withLock { $0 } }
    func finished(_ report: ActionReport, done: Int, of total: Int) { seen.withLock { $0 += 1 } }
}
