import Foundation
import RosterCore
import RosterYAML

/// The checks roster makes on ActiveLogic values at plan time, so that an error points at the
/// config's line instead of coming back from the system halfway through an apply.
enum ActiveLogicValues {
    /// Every permission bit: every bit of a signed 64-bit mask but the sign (what `authenticate`
    /// returns for a full-privilege user).
    static let allBits = Int(Int64.max)
    /// How plans show a mask: `all`, or hexadecimal.
    static let maskDisplay = AttributeDisplay.mask(all: allBits)

    /// A permission mask: an integer, a hex string (`"0xff"`), or `all`.
    static func mask(_ node: YAMLNode, _ what: String, _ bag: DiagnosticBag) -> Int? {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar else {
            bag.error("'\(what)' must be an integer, a hex string or 'all'", at: node.location)
            return nil
        }
        if text == "all" { return allBits }
        if node.isPlain, let value = node.int {
            if value >= 0 { return value }
            bag.error("'\(what)' must not be negative", at: node.location,
                      notes: [.init("use 'all' for every permission bit")])
            return nil
        }
        let lower = text.lowercased()
        if lower.hasPrefix("0x"), let bits = UInt64(lower.dropFirst(2), radix: 16) {
            if bits <= UInt64(Int64.max) { return Int(bits) }
            bag.error("'\(what)' sets the sign bit, which is not a permission", at: node.location,
                      notes: [.init("use 'all' (0x7fffffffffffffff) for every permission bit")])
            return nil
        }
        bag.error("'\(what)' must be an integer, a hex string or 'all', not '\(text)'", at: node.location)
        return nil
    }

    /// An allowed host: an IPv4 or IPv6 address, or a network in CIDR notation without host bits.
    static func host(_ node: YAMLNode, _ bag: DiagnosticBag) -> String? {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar, !text.isEmpty else {
            bag.error("a host must be an IP address or a CIDR network", at: node.location)
            return nil
        }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = address(String(parts[0])) else {
            bag.error("host '\(text)' is not an IP address or a CIDR network", at: node.location,
                      notes: [.init("write an address (192.0.2.7, 2001:db8::7) or a network (192.0.2.0/24)")])
            return nil
        }
        guard parts.count == 2 else { return text }
        let width = bytes.count * 8
        guard let prefix = Int(parts[1]), (0...width).contains(prefix), String(prefix) == parts[1] else {
            bag.error("host '\(text)' has a prefix length that is not 0 to \(width)", at: node.location)
            return nil
        }
        for bit in prefix..<width where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 {
            bag.error("host '\(text)' has bits set past its /\(prefix) prefix", at: node.location,
                      notes: [.init("write the network address, or the single address without a prefix")])
            return nil
        }
        return text
    }

    /// The address's bytes (4 or 16), or nil when it is neither IPv4 nor IPv6.
    static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// An OpenSSH public key reduced to the base64 body ActiveLogic stores: a whole
    /// `ssh-ed25519 AAAA... comment` line, or the body alone.
    static func sshKey(_ node: YAMLNode, _ bag: DiagnosticBag) -> String? {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar else {
            bag.error("an SSH key must be a string", at: node.location)
            return nil
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let body: String?
        if fields.count >= 2, fields[0].hasPrefix("ssh-") || fields[0].hasPrefix("ecdsa-") || fields[0].hasPrefix("sk-") {
            body = fields[1]
        } else {
            body = fields.count == 1 ? fields[0] : nil
        }
        guard let body, let data = Data(base64Encoded: body), data.count > 4 else {
            bag.error("SSH key is neither an OpenSSH public key line nor its base64 body", at: node.location,
                      notes: [.init("paste the line of the .pub file: 'ssh-ed25519 AAAA... comment'")])
            return nil
        }
        return body
    }
}
