import Foundation
import RosterCore
import Testing

/// What roster checks in an ActiveLogic account before anything runs, each at the config's line.
@Suite struct ActiveLogicConfigTests {
    func diagnostics(_ account: String) throws -> [String] {
        let lab = ActiveLogicLab()
        do {
            _ = try lab.load("  zed:\n    password: zed-pass-1\n    accounts:\n      al:\n" + account)
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.filter { $0.severity == .error }.map { "\($0.location?.line ?? 0): \($0.message)" }
        }
    }

    @Test func masksHostsAndKeysAreCheckedAtTheirLines() throws {
        // The config's first people line is 12 (see ActiveLogicLab.config), the account's keys start at 16.
        let found = try diagnostics("""
                    readbm: "0xffffffffffffffff"
                    writebm: lots
                    hosts: [10.0.0.0/33, 10.1.2.3/8, not-an-ip, "2001:db8::/32", 192.0.2.7]
                    ssh_keys: ["ssh-rsa !!notbase64 me@host"]
                    colour: blue
            """)
        #expect(found.contains("16: 'readbm' sets the sign bit, which is not a permission"), "\(found)")
        #expect(found.contains("17: 'writebm' must be an integer, a hex string or 'all', not 'lots'"), "\(found)")
        #expect(found.contains("18: host '10.0.0.0/33' has a prefix length that is not 0 to 32"), "\(found)")
        #expect(found.contains("18: host '10.1.2.3/8' has bits set past its /8 prefix"), "\(found)")
        #expect(found.contains("18: host 'not-an-ip' is not an IP address or a CIDR network"), "\(found)")
        #expect(found.contains("19: SSH key is neither an OpenSSH public key line nor its base64 body"), "\(found)")
        #expect(found.contains("20: unknown key 'colour' in the 'al' account of 'zed' (type activelogic)"), "\(found)")
        #expect(found.count == 7, "\(found)")
    }

    @Test func aKeyListedTwiceIsAnError() throws {
        let body = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA"
        let found = try diagnostics("        ssh_keys: [\"ssh-rsa \(body) a@b\", \(body)]\n")
        #expect(found == ["16: the same SSH key is listed twice"], "\(found)")
    }

    @Test func validAccountsLoad() throws {
        let found = try diagnostics("""
                    readbm: all
                    writebm: 0x0f
                    lviewbm: "0X7FFFFFFFFFFFFFFF"
                    hosts: ["2001:db8::/32", 192.0.2.7, 10.0.0.0/8]
            """)
        #expect(found == [])
    }
}
