import RosterCore
import Testing

@Suite struct RosterErrorTests {
    @Test func everyCodeShowsAsBefore() {
        let codes: [(RosterError.Code, String)] = [
            (.http(404), "HTTP 404"), (.fault(-213), "fault -213"), (.task("failed"), "task failed"),
            (.providerProgram, "provider-program"), (.program("PLDBError"), "PLDBError"),
        ]
        for (code, text) in codes {
            let error = RosterError(backend: "b", operation: "op", object: "o", code: code, message: "m")
            #expect(error.description == "b: op 'o' failed (\(text)): m")
        }
        #expect(RosterError(backend: "b", operation: "op", message: "m").description == "b: op failed: m")
    }

    @Test func codesAreMatchedAsValues() {
        let error = RosterError(backend: "b", operation: "op", code: .http(404), message: "gone")
        guard case .http(let status) = error.code else { Issue.record("no HTTP status"); return }
        #expect(status == 404)
        #expect(error.code != .fault(404))
        #expect(RosterError.Code.program("HTTP 404") != .http(404))
    }
}
