import Foundation
import RosterCore
import RosterActiveLogic
import Testing

/// The account-key table makes the schema's `activelogicAccount` and the key table of docs/backends/activelogic.md:
/// both fail here when a row changes and the files are not made again.
@Suite struct ActiveLogicAccountKeysTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func schemaAndPageAreTheTablesOwn() throws {
        #expect(try AccountKeyFiles.problems(ActiveLogicProvider.accountKeys, root: Self.packageRoot) == [])
    }
}
