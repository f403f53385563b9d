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
        #expect(try AccountKeyFiles.problems(CteraProvider.accountKeys, root: Self.packageRoot) == [])
    }
}
