import RosterSandbox
import Testing

@Suite struct CloudSeedTests {
    @Test(arguments: [
        ("users:\n  - {email: a@example.com, password: p}\n  - {email: A@Example.com, password: q}\n",
         "seed.yaml:3:13: error: duplicate email 'A@Example.com' (emails are unique ignoring case)"),
        ("platforms:\n  - {id: p1}\nusers:\n  - {email: a@example.com, password: p, platform_ids: [p1, p2]}\n",
         "seed.yaml:4:60: error: unknown platform 'p2'; declare it under platforms"),
    ])
    func yamlErrorsHaveAPlace(_ text: String, _ expected: String) {
        #expect(throws: (any Error).self) { try CloudSeed.parse(text, file: "seed.yaml") }
        do {
            _ = try CloudSeed.parse(text, file: "seed.yaml")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// The duplicate of the first of many users is still found, and every other user read in order.
    @Test func aLargeSeedFindsALateDuplicate() throws {
        var text = "platforms:\n  - {id: p1}\nusers:\n"
        for i in 0..<3000 { text += "  - {email: user\(i)@example.com, password: p, platform_ids: [p1]}\n" }
        let seed = try CloudSeed.parse(text, file: "seed.yaml")
        #expect(seed.users.count == 3000)
        #expect(seed.users.last?.email == "user2999@example.com")
        #expect(try seed.makeState(now: 0).users.count == 3000)
        text += "  - {email: USER0@example.com, password: p}\n"
        #expect(throws: SandboxError("duplicate email 'USER0@example.com' (emails are unique ignoring case)",
                                     location: "seed.yaml:3004:13")) {
            try CloudSeed.parse(text, file: "seed.yaml")
        }
    }
}
