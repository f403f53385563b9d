import Testing

/// The shared options (Sources/roster/Options.swift) on each command they apply to, under the
/// names and abbreviations docs/commands.md gives, and not on the others.
@Suite struct OptionGroupsTests {
    static let shared = ["-c, --config <config>", "--log-level <log-level>", "--target <target>", "--exclude <exclude>",
                         "--force <rail>", "--secrets-dir <dir>", "--now <date>", "--format <format>"]

    static let taken: [String: Set<String>] = [
        "validate": ["-c, --config <config>", "--log-level <log-level>", "--target <target>", "--exclude <exclude>",
                     "--secrets-dir <dir>", "--now <date>"],
        "plan": Set(shared),
        "apply": Set(shared).subtracting(["--format <format>"]),
        "report": ["-c, --config <config>", "--log-level <log-level>", "--secrets-dir <dir>", "--now <date>", "--format <format>"],
        "import": ["-c, --config <config>", "--log-level <log-level>", "--secrets-dir <dir>"],
        "sandbox": [],
    ]

    @Test(arguments: ["validate", "plan", "apply", "report", "import", "sandbox"])
    func eachCommandTakesTheSharedOptionsThatApplyToIt(command: String) async throws {
        let help = try await RosterBinary.run([command, "--help"])
        #expect(help.status == 0, "\(help.all)")
        let expected = try #require(Self.taken[command])
        for option in Self.shared {
            #expect(help.stdout.contains("  " + option) == expected.contains(option), "roster \(command): \(option)\n\(help.stdout)")
        }
    }
}
