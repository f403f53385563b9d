import Foundation
import RosterCore
import Testing

/// `password_update: verify` is offered only where checking a password leaves nothing behind. On
/// Uyuni, CTERA and the cloud API a check is a sign-in as the user, which leaves a trace: the config
/// error, at the account's line, names it (docs/lifecycle.md, "password_update: verify").
@Suite struct PasswordVerifyConformanceTests {
    static let traces: [(backend: ConformanceBackend, trace: String)] = [
        (.uyuni, "last_login_date"), (.ctera, "access log"), (.cloud, "login token"),
    ]

    @Test(arguments: traces.indices)
    func verifyIsAConfigErrorThatNamesTheTrace(_ index: Int) async throws {
        let (backend, trace) = Self.traces[index]
        let lab = try await ConformanceLab.make(backend)
        let person = backend.person(key: backend.key, value: backend.managed.seeded, extra: "password_update: verify")
        do {
            _ = try await lab.plan(person)
            Issue.record("\(backend.type): verify was accepted")
        } catch let error as DiagnosticError {
            let diagnostic = try #require(error.diagnostics.first { $0.message.contains("password_update: verify") },
                                          "\(error)")
            #expect(diagnostic.message.contains(trace), "\(backend.type): \(diagnostic.message)")
            // At the account's line (the last line of the person block), in the config file.
            let line = Self.line(of: "\(backend.type): ", in: backend.config(people: person))
            #expect(diagnostic.location?.file.hasSuffix("roster.yaml") == true)
            #expect(diagnostic.location?.line == line, "\(backend.type): \(String(describing: diagnostic.location))")
        }
    }

    static func line(of prefix: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.lastIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) } ?? -1) + 1
    }
}
