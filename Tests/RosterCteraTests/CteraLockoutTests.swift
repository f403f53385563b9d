import Foundation
import RosterCore
@testable import RosterCtera
@testable import RosterSandbox
import Testing

/// `state: disabled` and `state: absent` on a CTERA portal, checked against what the emulator holds.
@Suite struct CteraLockoutTests {
    /// Disabled: the Disabled role and every S3 key deleted, each its own action (the portal cannot
    /// deactivate a key). Active again: the declared role and new keys, secrets to --secrets-out
    /// only. Absent: the keys first, each its own action, then the user.
    @Test func disableDeletesTheKeysAndAbsentDeletesThemFirst() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let url = server.baseURL
            let carol = "  carol:\n    accounts: {portal: {role: ReadOnlyAdmin, s3_keys: 2}}\n"
            _ = try await H.converge(url, carol)
            let keys = try #require(H.user(emulator, "carol")?.keys)
            #expect(keys.count == 2)
            let disabled = carol.replacingOccurrences(of: "    accounts:", with: "    state: disabled\n    accounts:")
            let off = try await H.converge(url, disabled)
            #expect(H.lines(off).sorted() == (keys.map { "delete ctera.s3_credential carol/\($0.accessKey)" }
                + ["create ctera.apply_changes acme", "update ctera.user carol"]).sorted())
            #expect(H.user(emulator, "carol")?.role == "Disabled" && H.user(emulator, "carol")?.keys == [])
            #expect(!emulator.state.acceptsS3Key(accessKey: keys[0].accessKey, secretKey: keys[0].secretKey))
            #expect(try await H.plan(url, disabled).isEmpty)

            let (on, report) = try await H.apply(url, carol)
            #expect(H.lines(on).sorted() == ["create ctera.apply_changes acme", "update ctera.s3_key_count carol",
                                             "update ctera.user carol"])
            let again = try #require(H.user(emulator, "carol")?.keys)
            #expect(H.user(emulator, "carol")?.role == "ReadOnlyAdmin" && again.count == 2)
            #expect(report?.secrets.count == 2)
            #expect(Set(again.map(\.accessKey)).isDisjoint(with: keys.map(\.accessKey)))

            let absent = "  carol:\n    state: absent\n    accounts: {portal: {}}\n"
            let gone = try await H.converge(url, absent)
            let deletes = gone.actions.filter { $0.change.operation == .delete }.map(\.change.id.kind)
            #expect(deletes == [CteraProvider.Kind.s3Credential, CteraProvider.Kind.s3Credential, CteraProvider.Kind.user], "\(H.lines(gone))")
            #expect(H.user(emulator, "carol") == nil)
            #expect(try await H.plan(url, absent).isEmpty)
        }
    }
}
