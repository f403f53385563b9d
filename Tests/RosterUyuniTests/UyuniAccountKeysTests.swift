import Foundation
import RosterCore
import RosterUyuni
import Testing

/// The account-key table makes the schema's `uyuniAccount` and the key table of docs/backends/uyuni.md:
/// both fail here when a row changes and the files are not made again.
@Suite struct UyuniAccountKeysTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func schemaAndPageAreTheTablesOwn() throws {
        #expect(try AccountKeyFiles.problems(UyuniProvider.accountKeys, root: Self.packageRoot) == [])
    }
}
