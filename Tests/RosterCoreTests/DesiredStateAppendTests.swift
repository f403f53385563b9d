import RosterCore
import RosterYAML
import Testing

/// Joining two desired states: the same table, scopes and errors as adding everything to one.
@Suite struct DesiredStateAppendTests {
    static func at(_ line: Int) -> RosterYAML.SourceLocation { .init(file: "roster.yaml", line: line, column: 3) }

    enum Step {
        case add(Resource)
        case absent(Resource)
        case claim(String, [String])
    }

    static func apply(_ steps: some Sequence<Step>, to state: inout DesiredState, _ bag: DiagnosticBag) {
        for step in steps {
            switch step {
            case .add(let r): state.add(r, bag: bag)
            case .absent(let r): state.addAbsent(r, bag: bag)
            case .claim(let kind, let prefix): state.claim(kind, under: prefix)
            }
        }
    }

    /// People with a user, a role and groups, some absent; two ranges that overlap declare the
    /// people of the overlap twice, once in each half.
    static func steps(_ range: Range<Int>, line: Int) -> [Step] {
        var steps: [Step] = []
        for i in range {
            let login = "user\(i)"
            let user = ResourceID(backend: "b", kind: "k.user", key: [login])
            if i % 97 == 0 {
                steps.append(.absent(Resource(user, owner: "P\(i)", location: at(line + i))))
                continue
            }
            var attributes: Attributes = ["email": .string("\(login)@example.com"), "enabled": true, "uid": .int(i)]
            if i % 11 == 0 { attributes["password"] = .secret(Secret("pw\(i)")) }
            if i % 13 == 0 { attributes["tags"] = .list(["x", .int(i)]) }
            var resource = Resource(user, attributes, owner: "P\(i)", location: at(line + i), passwordUpdate: .always)
            if i % 17 == 0 { resource.previousKeys = [["old\(i)"]] }
            steps.append(.add(resource))
            steps.append(.claim("k.role", [login]))
            steps.append(.add(Resource(ResourceID(backend: "b", kind: "k.role", key: [login, "role\(i % 3)"]),
                                       owner: "P\(i)", location: at(line + i))))
            if i % 5 == 0 { steps.append(.add(Resource(ResourceID(backend: "b", kind: "k.group", key: ["g\(i)"])))) }
        }
        return steps
    }

    @Test func appendingIsAddingOneByOne() {
        let first = Self.steps(0..<1_000, line: 1), second = Self.steps(600..<1_600, line: 5_000)
        let oneBag = DiagnosticBag()
        var one = DesiredState(backend: "b")
        Self.apply(first + second, to: &one, oneBag)

        let joinedBag = DiagnosticBag(), otherBag = DiagnosticBag()
        var joined = DesiredState(backend: "b"), other = DesiredState(backend: "b")
        Self.apply(first, to: &joined, joinedBag)
        Self.apply(second, to: &other, otherBag)
        joined.append(other, bag: joinedBag)

        #expect(joined.resources == one.resources)
        #expect(Array(joined.resources.values) == Array(one.resources.values))
        #expect(joined.absent == one.absent)
        #expect(joined.scopes == one.scopes && joined.scopes.count == one.scopes.count)
        let separate = (joinedBag.diagnostics + otherBag.diagnostics).map(\.description)
        #expect(oneBag.diagnostics.count > 400)
        #expect(separate.sorted() == oneBag.diagnostics.map(\.description).sorted())
    }

    @Test func appendingToAnEmptyStateTakesTheOther() {
        var other = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        Self.apply(Self.steps(0..<50, line: 1), to: &other, bag)
        var joined = DesiredState(backend: "b")
        joined.append(other, bag: bag)
        #expect(joined.resources == other.resources && joined.scopes == other.scopes && joined.absent == other.absent)
        var empty = other
        empty.append(DesiredState(backend: "b"), bag: bag)
        #expect(empty.resources == other.resources)
    }

    @Test func aResourceThatTheFirstHalfSaysIsAbsentIsAnError() {
        let id = ResourceID(backend: "b", kind: "k.user", key: ["alice"])
        var first = DesiredState(backend: "b"), second = DesiredState(backend: "b")
        let bag = DiagnosticBag()
        first.addAbsent(Resource(id, location: Self.at(2)), bag: bag)
        second.add(Resource(id, ["email": "a@example.com"], location: Self.at(8)), bag: bag)
        second.add(Resource(ResourceID(backend: "b", kind: "k.user", key: ["bob"]), location: Self.at(9)), bag: bag)
        first.append(second, bag: bag)
        #expect(first.resources.count == 1 && !first.resources.contains(id) && first.absent.count == 1)
        #expect(bag.diagnostics.map(\.description) == [
            "roster.yaml:8:3: error: k.user 'alice' is declared twice on 'b'\nroster.yaml:2:3: note: first declared here",
        ])
    }

    @Test func scopesAreASetOfKindAndPrefix() {
        var scopes = ScopeSet()
        #expect(scopes.isEmpty)
        let inserted = [
            scopes.insert(kind: "k.role", keyPrefix: ["ab"]), scopes.insert(kind: "k.role", keyPrefix: ["ab"]),
            scopes.insert(kind: "k.role", keyPrefix: ["a", "b"]), scopes.insert(kind: "k.group", keyPrefix: ["ab"]),
            scopes.insert(kind: "k.group", keyPrefix: []),
        ]
        #expect(inserted == [true, false, true, true, true])
        #expect(scopes.count == 4)
        #expect(scopes.contains(.init(kind: "k.role", keyPrefix: ["a", "b"])))
        #expect(scopes.contains(.init(kind: "k.group", keyPrefix: [])))
        #expect(!scopes.contains(.init(kind: "k.role", keyPrefix: [])))
        #expect(!scopes.contains(.init(kind: "k.role", keyPrefix: ["a"])))
        #expect(!scopes.contains(.init(kind: "k.user", keyPrefix: ["ab"])))
        #expect(Set(scopes).count == 4)
        var more = ScopeSet()
        more.insert(kind: "k.role", keyPrefix: ["ab"])
        more.insert(kind: "k.role", keyPrefix: ["ünï"])
        scopes.append(more)
        #expect(scopes.count == 5 && scopes.contains(.init(kind: "k.role", keyPrefix: ["ünï"])))
    }
}
