import RosterCore
import RosterYAML
import Testing

/// Adding to a desired state: a second declaration of an object is an error at the second place
/// with a note at the first, and the first one is kept.
@Suite struct DesiredStateTests {
    static func at(_ line: Int) -> RosterYAML.SourceLocation { .init(file: "roster.yaml", line: line, column: 5) }

    @Test func aDuplicateIsReportedAtBothPlacesAndTheFirstIsKept() {
        let bag = DiagnosticBag()
        var state = DesiredState(backend: "b")
        let id = state.id("k.user", "alice")
        state.add(Resource(id, ["email": "first@example.com"], owner: "alice", location: Self.at(3)), bag: bag)
        state.add(Resource(id, ["email": "second@example.com"], owner: "alice2", location: Self.at(9)), bag: bag)
        #expect(state.resources.count == 1)
        #expect(state.resources[id]?.attributes["email"] == "first@example.com")
        #expect(state.resources[id]?.location == Self.at(3))
        #expect(bag.diagnostics.map(\.description) == [
            "roster.yaml:9:5: error: k.user 'alice' is declared twice on 'b'\nroster.yaml:3:5: note: first declared here",
        ])
    }

    @Test func anObjectBothAbsentAndPresentIsADuplicate() {
        let bag = DiagnosticBag()
        var state = DesiredState(backend: "b")
        let id = state.id("k.role", "alice", "admin")
        state.addAbsent(Resource(id, location: Self.at(4)), bag: bag)
        state.add(Resource(id, location: Self.at(12)), bag: bag)
        #expect(state.resources.isEmpty && state.absent.count == 1)
        #expect(bag.diagnostics.map(\.description) == [
            "roster.yaml:12:5: error: k.role 'alice/admin' is declared twice on 'b'\nroster.yaml:4:5: note: first declared here",
        ])
    }

    @Test func claimingAScopeTwiceKeepsOne() {
        var state = DesiredState(backend: "b")
        state.claim("k.role", under: ["alice"])
        state.claim("k.role", under: ["alice"])
        state.claim("k.group", under: ["alice"])
        #expect(state.scopes.count == 2)
    }
}
