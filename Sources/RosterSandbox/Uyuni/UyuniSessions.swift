/// Session keys `<id>x<64 lowercase hex>` with sliding expiry.
struct UyuniSessions: Sendable {
    struct Session: Sendable {
        var id: Int
        var secret: String
        var userId: Int
        /// Unix seconds after which the key is gone.
        var expires: Double
    }

    var byId: [Int: Session] = [:]
    var nextId = Int.random(in: 1_000_000...8_999_999)

    /// The shape the server accepts as a key: `^[1-9][0-9]*x[a-f0-9]{64}$`.
    static func isKeyShaped(_ text: String) -> Bool {
        let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].utf8.first, first != UInt8(ascii: "0") else { return false }
        let digitsOK = parts[0].utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let hexOK = parts[1].utf8.count == 64
            && parts[1].utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        return digitsOK && hexOK
    }

    mutating func create(userId: Int, now: Double, duration: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }.joined()
        let id = nextId
        nextId += 1
        byId[id] = Session(id: id, secret: secret, userId: userId, expires: now + Double(duration))
        return "\(id)x\(secret)"
    }

    /// The user id behind a key-shaped string. A key is usable until `expires`; every use
    /// moves `expires` to now + lifetime (sliding, whatever the login's duration was).
    mutating func resolve(_ key: String, now: Double, lifetime: Int) throws(UyuniFault) -> Int {
        let parts = key.split(separator: "x", maxSplits: 1)
        let idText = String(parts[0])
        guard let id = Int(idText), let session = byId[id] else { throw .sessionNotFound(idText) }
        guard now <= session.expires else {
            byId[id] = nil
            throw .sessionNotFound(idText)
        }
        guard session.secret == String(parts[1]) else { throw .invalidSession(id) }
        byId[id]?.expires = now + Double(lifetime)
        return session.userId
    }

    mutating func remove(key: String) -> Bool {
        let parts = key.split(separator: "x", maxSplits: 1)
        guard parts.count == 2, let id = Int(parts[0]), byId[id]?.secret == String(parts[1]) else { return false }
        byId[id] = nil
        return true
    }

    mutating func purge(userId: Int) {
        byId = byId.filter { $0.value.userId != userId }
    }
}
