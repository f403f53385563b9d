import Foundation
import RosterCore
import RosterCloud
import Testing

/// The account-key table makes the schema's `cloudAccount` and the key table of docs/backends/cloud.md:
/// both fail here when a row changes and the files are not made again.
@Suite struct CloudAccountKeysTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func schemaAndPageAreTheTablesOwn() throws {
        #expect(try AccountKeyFiles.problems(CloudProvider.accountKeys, root: Self.packageRoot) == [])
    }
}
