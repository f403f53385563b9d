import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// One run reports every problem of a config, backends and people together, in order of place.
@Suite struct CollectAllTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    func diagnostics(_ text: MarkedText) -> (String, [Diagnostic]) {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", text.text)
        do throws(DiagnosticError) {
            _ = try withExtendedLifetime(folder) { () throws(DiagnosticError) in
                try Pipeline(registry: registry, environment: [:]).load(path: file)
            }
            return (file, [])
        } catch {
            return (file, error.diagnostics)
        }
    }

    @Test func backendPersonAndAccountErrorsInOneRun() {
        let text = MarkedText("""
            version: 1
            backends:
              mem: {type: memory, url: sandbox, ⟨B⟩colour: red}
            people:
              alice:
                ⟨P⟩frist_name: Alice
                accounts:
                  mem: {⟨A⟩grups: [staff]}

            """)
        let (file, found) = diagnostics(text)
        #expect(found.map { $0.location?.description } == ["B", "P", "A"].map { text.location($0, file: file) },
                "\(found)")
        #expect(found.map(\.message) == ["unknown key 'colour' in backend 'mem' (type memory)",
                                         "unknown key 'frist_name' in person 'alice'",
                                         "unknown key 'grups' in memory account"])
    }

    @Test func sortedByPlaceWhateverTheStage() {
        // The person's error comes before the backend's in the file.
        let text = MarkedText("""
            version: 1
            people:
              bob:
                accounts:
                  mem: {⟨A⟩colour: blue}
            backends:
              mem: {type: memory, url: sandbox, prune: ⟨B⟩sometimes}

            """)
        let (file, found) = diagnostics(text)
        #expect(found.map { $0.location?.description } == [text.location("A", file: file), text.location("B", file: file)],
                "\(found)")
    }

    @Test func aBackendThatFailedIsNoUnknownBackend() {
        // 'other' does not decode (its type is unknown): the accounts and resources naming it are
        // not resolved, and not reported as naming an unknown backend either.
        let text = MarkedText("""
            version: 1
            backends:
              mem: {type: memory, url: sandbox}
              other: {type: ⟨T⟩memroy, url: sandbox}
            people:
              carol:
                email: ⟨P⟩[carol@example.com]
                accounts:
                  mem: {}
                  other: {anything: 1}
                  ⟨U⟩missing: {}
            resources:
              other: {}

            """)
        let (file, found) = diagnostics(text)
        #expect(found.map { $0.location?.description } == ["T", "P", "U"].map { text.location($0, file: file) },
                "\(found)")
        #expect(found.last?.message == "unknown backend 'missing' in the accounts of 'carol'")
    }
}
