/// Standard base64 (RFC 4648 alphabet, `=` padding), without Foundation.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes`; with `lineLength`, a newline follows every full line and the last
    /// one (Python's `base64.encodebytes` layout).
    static func encode(_ bytes: [UInt8], lineLength: Int? = nil) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        guard let lineLength, lineLength > 0, !output.isEmpty else { return output }
        var wrapped: [UInt8] = []
        var start = 0
        while start < output.count {
            wrapped.append(contentsOf: output[start..<min(start + lineLength, output.count)])
            wrapped.append(UInt8(ascii: "\n"))
            start += lineLength
        }
        return wrapped
    }

    /// Decodes, ignoring XML whitespace; nil if the text is not valid base64.
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        var sextets: [UInt8] = []
        var padding = 0
        for byte in text where !XMLBytes.isWhitespace(byte) {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else { return nil }
            sextets.append(value)
        }
        guard sextets.count % 4 != 1, padding <= 2, padding == 0 || (sextets.count + padding) % 4 == 0 else {
            return nil
        }
        var output: [UInt8] = []
        output.reserveCapacity(sextets.count * 3 / 4)
        var index = 0
        while index + 1 < sextets.count {
            let s = sextets[index..<min(index + 4, sextets.count)]
            let v = s.map { UInt32($0) } + Array(repeating: 0, count: 4 - s.count)
            let n = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]
            output.append(UInt8(n >> 16 & 0xFF))
            if s.count > 2 { output.append(UInt8(n >> 8 & 0xFF)) }
            if s.count > 3 { output.append(UInt8(n & 0xFF)) }
            index += 4
        }
        return output
    }

    static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
