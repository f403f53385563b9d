import Foundation
import Logging
import RosterCore
import RosterRuntime
import RosterTestSupport
import Testing

/// The plan catches what apply would refuse: each operator's mistake below is an error at its
/// `file:line:col`, reported before anything is changed, and a config without one applies against
/// the same sandboxes with no failure.
@Suite(.serialized) struct PlanChecksTests {
    /// One mistake: `find` in the clean config replaced by `replace`, whose `⟨e⟩` marks where the
    /// error must point; `message` is part of the error's text.
    struct Mistake: Sendable, CustomStringConvertible {
        var name: String
        var find: String
        var replace: String
        var message: String
        /// A note the error must carry ("did you mean" from the live names).
        var hint: String? = nil
        var description: String { name }
    }

    @Test func aCleanConfigAppliesWithNoFailureAndEachMistakeIsAnErrorAtItsLine() async throws {
        let folder = TempFolder()
        let runner = Runner(environment: [:], logger: Logger(label: "plan-checks"))
        let path = folder.write("roster.yaml", Self.clean)
        // The clean config: no plan error, every action succeeds, and a second plan has nothing to do.
        let outcome = try await runner.apply(try runner.load(path: path), saved: nil, dryRun: false, parallelism: 4,
                                             confirm: { _ in true })
        let report = try #require(outcome.report)
        #expect(report.actions.count >= 15, "\(report.actions.map(\.action.change.id))")
        #expect(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" } == [])
        #expect(try await runner.plan(try runner.load(path: path)).isEmpty)

        #expect(Self.mistakes.count >= 15)
        for mistake in Self.mistakes {
            #expect(Self.clean.contains(mistake.find), "\(mistake): '\(mistake.find)' is not in the clean config")
            let marked = MarkedText(Self.clean.replacingOccurrences(of: mistake.find, with: mistake.replace))
            let place = try #require(marked.markers["e"], "\(mistake) has no marker")
            folder.write("roster.yaml", marked.text)
            let before = Self.states(folder)
            let expected = "roster.yaml:\(place.line):\(place.column): error: "
            // `plan` reports it, and `apply` stops at it.
            for applying in [false, true] {
                let diagnostics = await Self.errors(applying ? "apply" : "plan", path, runner)
                #expect(diagnostics.contains { $0.contains(expected) && $0.contains(mistake.message)
                            && (mistake.hint.map($0.contains) ?? true) },
                        "\(mistake): want \(expected)…\(mistake.message) \(mistake.hint ?? ""); got \(diagnostics)")
            }
            #expect(Self.states(folder) == before, "\(mistake): a server changed")
        }
    }

    /// The company example plans with no error and applies with no failure; then nothing is left to do.
    @Test func theCompanyExampleAppliesWithNoFailure() async throws {
        let folder = TempFolder()
        let config = try folder.copy("examples/company") + "/roster.yaml"
        let runner = Runner(environment: [:], logger: Logger(label: "plan-checks"))
        let outcome = try await runner.apply(try runner.load(path: config), saved: nil, dryRun: false, parallelism: 4,
                                             confirm: { _ in true })
        let report = try #require(outcome.report)
        #expect(!report.actions.isEmpty)
        #expect(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" } == [])
        #expect(try await runner.plan(try runner.load(path: config)).isEmpty)
    }

    /// The errors, with their notes, that a plan or an apply of `path` stops with (none when it went through).
    static func errors(_ command: String, _ path: String, _ runner: Runner) async -> [String] {
        do {
            guard command == "apply" else { return ["planned: \(try await runner.plan(try runner.load(path: path)).actions.count)"] }
            let outcome = try await runner.apply(try runner.load(path: path), saved: nil, dryRun: false, parallelism: 4,
                                                 confirm: { _ in true })
            return ["applied: \(outcome.report?.actions.map { "\($0.action.change.id) \($0.outcome)" } ?? [])"]
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.severity == .error }.map { d in
                let line = d.location.map { "\(($0.description as NSString).lastPathComponent): error: \(d.message)" } ?? d.message
                return ([line] + d.notes.map(\.message)).joined(separator: " | ")
            }
        } catch {
            return ["\(error)"]
        }
    }

    /// Every emulator's state file, as bytes.
    static func states(_ folder: TempFolder) -> [String: Data] {
        var states: [String: Data] = [:]
        for name in ["uyuni", "squirro", "cloud", "ctera"] {
            states[name] = FileManager.default.contents(atPath: folder.path + "/.roster/\(name).json")
        }
        return states
    }
}
