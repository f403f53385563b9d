import Foundation
import Testing

/// Credentials come only from the config (`${env:}`, `${file:}`): no command takes one on its
/// command line, where `ps` and shell history would show it.
@Suite struct CredentialOptionTests {
    static let words = ["password", "passwd", "token", "secret", "credential", "api-key", "apikey", "key"]
    /// Options that name a secret without taking one: where generated secrets go, where secret files may be read.
    static let allowed: Set<String> = ["--secrets-out", "--overwrite-secrets", "--tls-key", "--secrets-dir"]

    @Test func noCommandTakesACredential() async throws {
        let top = try await RosterBinary.run(["--help"])
        let commands = Self.subcommands(top.stdout)
        #expect(commands.contains("plan") && commands.contains("apply") && commands.contains("sandbox"), "\(top.stdout)")
        for command in commands {
            let help = try await RosterBinary.run([command, "--help"])
            #expect(help.status == 0, "\(command): \(help.all)")
            let options = help.stdout.split(whereSeparator: { " ,\n<>[]=".contains($0) })
                .map(String.init).filter { $0.hasPrefix("--") }
            for option in Set(options) where !Self.allowed.contains(option) {
                let lower = option.lowercased()
                #expect(!Self.words.contains { lower.contains($0) }, "roster \(command) takes \(option)")
            }
        }
    }

    /// The names under SUBCOMMANDS: in `--help`.
    static func subcommands(_ help: String) -> [String] {
        guard let range = help.range(of: "SUBCOMMANDS:") else { return [] }
        return help[range.upperBound...].split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " }
            // A command's line is indented two spaces; its wrapped abstract, further.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = trimmed.split(separator: " ").first else { return nil }
            return String(word)
        }.filter { !$0.hasPrefix("-") && $0 != "See" }
    }
}
