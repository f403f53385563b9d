@testable import RosterCloud
import Testing

/// Generated addresses and passwords, as the platform's `generate_data()` makes them.
@Suite struct GeneratedDataTests {
    @Test(arguments: [
        ("{first}.{last}@example.com", "José", "Núñez", "jose.nunez@example.com"),
        ("{first}.{last}@example.com", "Anne Marie", "O'Brien", "anne-marie.obrien@example.com"),
        ("{first}.{last}@Example.COM", "Jürgen", "Groß", "jurgen.gross@example.com"),
        ("{first}.{last}@example.com", "Søren", "Kierkegård!", "soren.kierkegard@example.com"),
        ("{first}.{last}@example.com", nil, "Łukasz", "lukasz@example.com"),
        ("{name}@corp.example", "A", "B", "pers-on@corp.example"),
    ] as [(String, String?, String, String)])
    func addressFromTemplate(_ template: String, _ first: String?, _ last: String, _ expected: String) {
        #expect(GeneratedData.email(template: template, first: first, last: last, name: "pers.on") == expected)
    }

    @Test func templateWithoutDomainMakesNothing() {
        #expect(GeneratedData.email(template: "{first}.{last}", first: "a", last: "b", name: "c") == nil)
        #expect(GeneratedData.email(template: "{first}@example.com", first: "!!", last: "b", name: "c") == nil)
    }

    @Test func collisionsAreNumbered() {
        let taken: Set = ["ann.lee@example.com", "ann.lee2@example.com"]
        #expect(GeneratedData.numbered("ann.lee@example.com") { taken.contains($0) } == "ann.lee3@example.com")
        #expect(GeneratedData.numbered("bo@example.com") { taken.contains($0) } == "bo@example.com")
    }

    @Test func alphabetIsTheReferences() {
        #expect(GeneratedData.symbols.count == 30)
        #expect(Set(GeneratedData.symbols).count == 29)
        #expect(GeneratedData.alphabet.count == 92)
        #expect(GeneratedData.alphabet.last == "\\")
    }

    @Test func passwordsHaveEveryClassAndOnlyTheAlphabet() {
        let alphabet = Set(GeneratedData.alphabet)
        var seen = Set<String>()
        for _ in 0..<500 {
            let password = GeneratedData.password()
            #expect(password.count == GeneratedData.passwordLength)
            #expect(password.allSatisfy { alphabet.contains($0) })
            #expect(password.contains { GeneratedData.lower.contains($0) })
            #expect(password.contains { GeneratedData.upper.contains($0) })
            #expect(password.contains { GeneratedData.digits.contains($0) })
            #expect(password.contains { GeneratedData.symbols.contains($0) })
            seen.insert(password)
        }
        #expect(seen.count == 500)
    }
}
