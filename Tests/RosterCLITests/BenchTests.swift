import Foundation
import RosterTestSupport
import Testing

/// `roster-bench` runs each scenario (small sizes, debug build) and prints the figures it promises.
@Suite(.serialized, .tags(.slow))
struct BenchTests {
    /// The bench binary next to `roster`.
    static var path: String {
        URL(fileURLWithPath: RosterBinary.path).deletingLastPathComponent().appendingPathComponent("roster-bench").path
    }

    static func figures(_ arguments: [String]) async throws -> [String: Any] {
        let result = try await onOwnThread { try RosterBinary.runBlocking(arguments + ["--json"], executable: path) }
        #expect(result.status == 0, "\(result.all)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "\(result.stdout)")
    }

    @Test func planOverEveryBackendPrintsStagesRequestsAndMemory() async throws {
        let figures = try await Self.figures(["plan", "--people", "300", "--drift", "10", "--runs", "1"])
        for key in ["total s", "load s", "fetch s (all backends, concurrent)", "diff s", "plan s", "render s (text and JSON)",
                    "peak memory growth MB", "outside fetch s (load+diff+plan+render)"] {
            #expect(figures[key] is Double, "\(key)")
        }
        for backend in ["uyuni", "ctera", "cloud", "squirro"] {
            #expect(figures["fetch \(backend) s"] is Double)
            let ratio = try #require(figures["\(backend) requests / minimum"] as? Double, "\(backend)")
            #expect(ratio >= 1 && ratio <= 1.1, "\(backend): \(ratio)")
        }
        #expect(figures["fetch activelogic s"] is Double)
        // 60 people per backend, 10 % drift: 6 differ on each (2 creates, 2 updates, 2 deletes).
        #expect(figures["uyuni users (live/compared/create/update/delete)"] as? String == "58/56/2/2/2")
        // Uyuni: a creation is the user and its role; a deletion is the role, then the user.
        #expect(figures["uyuni actions"] as? Double == 10)
        for backend in ["ctera", "cloud", "squirro", "activelogic"] {
            #expect(figures["\(backend) actions"] as? Double ?? 0 >= 6, "\(backend)")
        }
    }

    @Test func planWithoutDriftPlansNothing() async throws {
        let figures = try await Self.figures(["plan", "--people", "100", "--drift", "0", "--runs", "1",
                                              "--without", "activelogic"])
        for backend in ["uyuni", "ctera", "cloud", "squirro"] {
            #expect(figures["\(backend) actions"] as? Double == 0, "\(backend)")
        }
        #expect(figures["fetch activelogic s"] == nil)
    }

    @Test func pullRequestPlanFindsTheFullPlansChangesWithFewerRequests() async throws {
        let figures = try await Self.figures(["plan", "--people", "300", "--changed", "5", "--runs", "1"])
        #expect(figures["changed people"] as? Double == 5)
        #expect(figures["pull-request plan actions"] as? Double == 5)
        #expect(figures["full plan actions"] as? Double == 5)
        let pull = try #require(figures["pull-request plan requests"] as? Double)
        let full = try #require(figures["full plan requests"] as? Double)
        #expect(pull > 0 && pull * 3 < full, "pull-request \(pull), full \(full)")
        #expect(figures["speed-up (full s / pull-request s)"] is Double)
    }

    @Test func applyReportsRateAgainstTheBound() async throws {
        let figures = try await Self.figures(["apply", "--actions", "40", "--latency", "5", "--parallelism", "4", "--runs", "1"])
        #expect(figures["bound actions/s (P*1000/MS)"] as? Double == 800)
        #expect(figures["failed actions (last run)"] as? Double == 0)
        #expect(figures["mutating requests (last run)"] as? Double == 40)
        let fraction = try #require(figures["fraction of bound"] as? Double)
        #expect(fraction > 0 && fraction <= 1.05)
    }

    @Test func scalePrintsTimePerPersonAtEachSize() async throws {
        let figures = try await Self.figures(["scale", "--sizes", "50", "100", "--runs", "1", "--without", "activelogic"])
        #expect(figures["50 people: total µs per person"] is Double)
        #expect(figures["100 people: total µs per person"] is Double)
        #expect(figures["per person 100/50 (total)"] is Double)
    }

    @Test func seedPrintsLoadTimePerUserAtEachSizeAndTheRatio() async throws {
        let figures = try await Self.figures(["seed", "--users", "200,2000", "--runs", "1"])
        for backend in ["uyuni", "cloud", "squirro", "ctera"] {
            for size in [200, 2000] {
                #expect(figures["\(backend) \(size) users s (median)"] is Double, "\(backend) \(size)")
                #expect(figures["\(backend) \(size) users µs per user"] is Double, "\(backend) \(size)")
            }
            #expect(figures["\(backend) per-user ratio 2000/200"] is Double, "\(backend)")
        }
    }

    @Test func loadComparesWithTheBareScan() async throws {
        let figures = try await Self.figures(["load", "--people", "500", "--runs", "1"])
        #expect(figures["desired objects"] as? Double == 1502)
        #expect(figures["load/scan ratio"] is Double)
        #expect(figures["peak memory growth MB"] is Double)
    }
}
