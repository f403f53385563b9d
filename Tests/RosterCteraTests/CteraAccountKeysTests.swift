import Foundation
import RosterCore
import RosterCtera
import Testing

/// The account-key table makes the schema's `cteraAccount` and the key table of docs/backends/ctera.md:
/// both fail here when a row changes and the files are not made again.
@Suite struct CteraAccountKeysTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func schemaAndPageAreTheTablesOwn() throws {
        for (path, text) in try AccountKeyFiles.generate([CteraProvider.accountKeys], root: Self.packageRoot) {
            let checkedIn = try String(contentsOfFile: Self.packageRoot + "/" + path, encoding: .utf8)
            let difference = AccountKeyFiles.difference(checkedIn, text)
            #expect(difference == nil, "\(path) is stale: run `swift run roster-bench schema`")
        }
        let page = try String(contentsOfFile: Self.packageRoot + "/docs/backends/ctera.md", encoding: .utf8)
        for key in CteraProvider.accountKeys.keys {
            #expect(page.contains("| `\(key.name)` |") && page.contains(key.doc), "\(key.name)")
        }
    }
}
