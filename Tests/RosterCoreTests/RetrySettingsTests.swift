import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// A backend's `retry:` block: read into the settings, every problem at its place.
@Suite struct RetrySettingsTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    func load(_ retry: String) -> (file: String, config: RosterConfig?, diagnostics: [Diagnostic]) {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", "version: 1\nbackends:\n  mem:\n    type: memory\n    url: sandbox\n    retry: \(retry)\n")
        do throws(DiagnosticError) {
            return (file, try ConfigLoader(registry: registry, environment: [:]).load(path: file), [])
        } catch {
            return (file, nil, error.diagnostics)
        }
    }

    @Test func theBlockIsRead() throws {
        let (_, config, diagnostics) = load("{attempts: 3, base_delay: 50ms, max_delay: 2.5s, budget: 40}")
        #expect(diagnostics.isEmpty)
        let retry = try #require(config?.backend(named: "mem")).retry
        #expect(retry == RetrySettings(attempts: 3, baseDelay: .milliseconds(50), maxDelay: .milliseconds(2500), budget: 40))
        let policy = RetryPolicy(retry)
        #expect(policy.attempts == 3 && policy.budget.limit == 40)
    }

    @Test func theDefaultsHoldWithoutIt() throws {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\n")
        let config = try ConfigLoader(registry: registry, environment: [:]).load(path: file)
        #expect(config.backend(named: "mem")?.retry == RetrySettings())
    }

    @Test func problemsAreReportedAtTheirPlace() {
        let (file, _, diagnostics) = load("{attempts: 0, base_delay: 2 seconds, max_dealy: 1s}")
        let messages = diagnostics.map(\.description)
        #expect(messages.contains { $0.hasPrefix(file + ":6:23: error: 'attempts' must be at least 1") })
        #expect(messages.contains { $0.hasPrefix(file + ":6:38: error: 'base_delay' must be a duration") })
        #expect(messages.contains { $0.hasPrefix(file + ":6:49: error: unknown key 'max_dealy'") })
    }
}
