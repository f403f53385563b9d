import Foundation
import RosterCore
import Testing

/// `--target` and `--exclude` against a sandbox: a key compares as the server compares it, a key
/// that names nothing is an error, and a backend's trailing step comes along with a targeted change.
@Suite(.serialized) struct TargetTests {
    @Test func aTargetedCteraChangeIsCommittedByItsApplyChanges() async throws {
        let backend = ConformanceBackend.ctera
        let lab = try await ConformanceLab.make(backend)
        let people = backend.person(key: backend.key, value: backend.managed.changed)
            + "\n  other:\n    email: o@example.com\n    accounts: {ctera: {name: someone, comment: x}}\n"
        let loaded = try lab.runner.load(path: lab.write(people), targets: ["ctera/ctera.user/\(backend.sameKeySpellings[0])"])
        let plan = try await lab.runner.plan(loaded)
        #expect(ConformanceLab.lines(plan) == ["update ctera.user \(backend.key)", "create ctera.apply_changes global"],
                "\(ConformanceLab.lines(plan))")
        #expect(plan.leftOut.map(\.keyString) == ["someone"])
    }

    @Test func aTargetOrExcludeNamingNothingIsAnError() async throws {
        let backend = ConformanceBackend.uyuni
        let lab = try await ConformanceLab.make(backend)
        let path = lab.write(backend.person(key: backend.key, value: backend.managed.changed))
        for (targets, excludes) in [(["uyuni/uyuni.user/bsmiht"], [String]()), ([], ["uyuni/uyuni.role/bsmith/nope"])] {
            let loaded = try lab.runner.load(path: path, targets: targets, excludes: excludes)
            do {
                _ = try await lab.runner.plan(loaded)
                Issue.record("\(targets + excludes) planned")
            } catch let error as DiagnosticError {
                #expect("\(error)".contains("names no object of the config or of 'uyuni'"), "\(error)")
            }
        }
        // A key the server takes for a live one selects it.
        let loaded = try lab.runner.load(path: path, targets: ["uyuni/uyuni.user/BSMITH"])
        #expect(ConformanceLab.lines(try await lab.runner.plan(loaded)) == ["update uyuni.user bsmith"])
    }
}
