import ArgumentParser
import Foundation
import RosterActiveLogic
import RosterCloud
import RosterCore
import RosterCtera
import RosterSquirro
import RosterUyuni

/// `roster-bench schema`: writes the account definitions of `schemas/roster.schema.json` and the
/// key tables of `docs/backends/*.md` from the providers' account-key tables (`--check` only says
/// which are stale). Each provider's tests fail while a file is stale.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the config schema's account definitions and the backend pages' key tables from the providers' tables."
    )

    static let tables = [UyuniProvider.accountKeys, CteraProvider.accountKeys, ActiveLogicProvider.accountKeys,
                         CloudProvider.accountKeys, SquirroProvider.accountKeys]

    @Option(help: "The package's folder.")
    var root = "."

    @Flag(help: "Write nothing; fail if a file is not as the tables make it.")
    var check = false

    func run() throws {
        var stale: [String] = []
        for (path, text) in try AccountKeyFiles.generate(Self.tables, root: root) {
            let url = URL(fileURLWithPath: root + "/" + path)
            guard (try? String(contentsOf: url, encoding: .utf8)) != text else { continue }
            stale.append(path)
            if !check { try Data(text.utf8).write(to: url) }
        }
        for path in stale { print(check ? "stale: \(path)" : "wrote \(path)") }
        if check, !stale.isEmpty { throw ExitCode.failure }
    }
}
