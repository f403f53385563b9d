import RosterCore
import Testing

/// The address rule of Uyuni's `user.create` and the cloud user API (see `EmailSyntax`).
struct EmailSyntaxTests {
    @Test(arguments: ["alice@example.com", "a.b+c@mail.example.co.uk", "x@localhost", "o'neil@example.com",
                      "a-b@x-y.example", "1@2.3"])
    func validAddresses(_ address: String) {
        #expect(EmailSyntax.problem(address) == nil, "\(address)")
    }

    @Test(arguments: [
        ("alice.example.com", "no '@'"), ("a@b@c.com", "more than one '@'"), ("@example.com", "nothing before"),
        (".alice@example.com", "cannot have there"), ("alice.@example.com", "cannot have there"),
        ("al..ice@example.com", "cannot have there"), ("al ice@example.com", "cannot have there"),
        ("alice@", "not a host name"), ("alice@exa_mple.com", "not a host name"), ("alice@-x.com", "not a host name"),
        ("alice@x-.com", "not a host name"), ("alice@example..com", "not a host name"), ("alice@example.com.", "not a host name"),
        ("élise@example.com", "cannot have there"),
    ])
    func invalidAddresses(_ address: String, _ reason: String) {
        let problem = EmailSyntax.problem(address)
        #expect(problem?.contains(reason) == true, "\(address): \(String(describing: problem))")
    }

    @Test func lengthsAndDottedDomains() {
        #expect(EmailSyntax.problem(String(repeating: "a", count: 65) + "@example.com")?.contains("longer than 64") == true)
        #expect(EmailSyntax.problem("a@" + String(repeating: "b", count: 130))?.contains("longer than 128") == true)
        #expect(EmailSyntax.problem("x@localhost", dottedDomain: true)?.contains("has no dot") == true)
        #expect(EmailSyntax.problem("x@example.com", dottedDomain: true) == nil)
    }
}
