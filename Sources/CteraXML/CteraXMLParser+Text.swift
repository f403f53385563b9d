/// Names, attribute values, character data and the markup skipped between elements.
extension CteraXMLParser {
    func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < input.count ? input[position + ahead] : nil
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x3A || byte >= 0x80
    }

    mutating func skipWhitespace() {
        while let byte = peek(), Self.isWhitespace(byte) { position += 1 }
    }

    /// White space, comments and processing instructions (the XML declaration among them).
    mutating func skipMisc() throws(CteraXMLError) {
        while true {
            skipWhitespace()
            if hasPrefix("<!--") {
                try skip(past: "-->", from: position + 4, what: "comment")
            } else if hasPrefix("<?") {
                try skip(past: "?>", from: position + 2, what: "processing instruction")
            } else if hasPrefix("<!") && !hasPrefix("<![CDATA[") {
                throw fail("document type declarations are not supported")
            } else {
                return
            }
        }
    }

    func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= input.count else { return false }
        return literal.withUTF8Buffer { input[position..<(position + count)].elementsEqual($0) }
    }

    mutating func skip(past terminator: StaticString, from start: Int, what: String) throws(CteraXMLError) {
        guard let end = find(terminator, from: start) else { throw fail("unterminated \(what)") }
        position = end + terminator.utf8CodeUnitCount
    }

    func find(_ literal: StaticString, from start: Int) -> Int? {
        let needle = literal.withUTF8Buffer { Array($0) }
        var index = start
        while index + needle.count <= input.count {
            if input[index] == needle[0] && input[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    mutating func readName() throws(CteraXMLError) -> String {
        let start = position
        while let byte = peek(), Self.isNameByte(byte) { position += 1 }
        guard position > start else { throw fail(peek() == nil ? "unexpected end of input" : "expected a name") }
        return try utf8(input[start..<position], at: start)
    }

    mutating func readXMLAttribute() throws(CteraXMLError) -> (String, String) {
        let name = try readName()
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else { throw fail("expected '=' after '\(name)'") }
        position += 1
        skipWhitespace()
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw fail("expected a quoted value for '\(name)'")
        }
        position += 1
        var bytes: [UInt8] = []
        while let byte = peek(), byte != quote {
            guard byte != UInt8(ascii: "<") else { throw fail("'<' in an attribute value") }
            if byte == UInt8(ascii: "&") { try readReference(into: &bytes) } else { bytes.append(byte); position += 1 }
        }
        guard peek() == quote else { throw fail("unterminated value of '\(name)'") }
        position += 1
        return (name, try utf8(bytes[...], at: position))
    }

    /// Character data up to the next element, with references and CDATA resolved; comments skipped.
    mutating func readText() throws(CteraXMLError) -> String {
        let start = position
        var bytes: [UInt8] = []
        while let byte = peek() {
            if byte == UInt8(ascii: "&") {
                try readReference(into: &bytes)
            } else if byte != UInt8(ascii: "<") {
                bytes.append(byte)
                position += 1
            } else if hasPrefix("<![CDATA[") {
                guard let end = find("]]>", from: position + 9) else { throw fail("unterminated CDATA section") }
                bytes += input[(position + 9)..<end]
                position = end + 3
            } else if hasPrefix("<!--") {
                try skip(past: "-->", from: position + 4, what: "comment")
            } else {
                break
            }
        }
        return try utf8(bytes[...], at: start)
    }

    /// `&name;`, `&#N;` or `&#xH;`.
    mutating func readReference(into bytes: inout [UInt8]) throws(CteraXMLError) {
        let start = position
        var end = position + 1
        while end < input.count, end - start <= 12, input[end] != UInt8(ascii: ";") { end += 1 }
        guard end < input.count, input[end] == UInt8(ascii: ";") else { throw fail("'&' starts no valid reference") }
        let body = String(decoding: input[(start + 1)..<end], as: UTF8.self)
        position = end + 1
        let named: [String: String] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]
        if let text = named[body] {
            bytes += Array(text.utf8)
        } else if body.hasPrefix("#"), let scalar = Self.scalar(body.dropFirst()) {
            bytes += Array(String(Character(scalar)).utf8)
        } else {
            throw fail("unknown reference '&\(body);'", at: start)
        }
    }

    static func scalar(_ digits: Substring) -> Unicode.Scalar? {
        let hex = digits.hasPrefix("x")
        let text = hex ? digits.dropFirst() : digits
        guard !text.isEmpty, text.count <= 8, let value = UInt32(text, radix: hex ? 16 : 10) else { return nil }
        guard value == 0x9 || value == 0xA || value == 0xD || value >= 0x20 else { return nil }
        return Unicode.Scalar(value)
    }

    func utf8(_ bytes: ArraySlice<UInt8>, at offset: Int) throws(CteraXMLError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("text is not valid UTF-8", at: offset) }
        return text
    }
}
