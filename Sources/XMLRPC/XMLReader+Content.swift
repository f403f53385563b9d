/// Tags and character data.
extension XMLReader {
    mutating func readStartTag() throws(XMLRPCError) {
        let start = position
        position += 1
        let name = try readName()
        let selfClosing = try readAttributesAndClose()
        if root != nil && stack.isEmpty {
            throw error("content after the root element", at: start)
        }
        guard stack.count < Self.maxDepth else {
            throw error("elements nested deeper than \(Self.maxDepth) levels", at: start)
        }
        let element = XMLElement(name: name, offset: start)
        if selfClosing {
            attach(element)
        } else {
            stack.append(element)
        }
    }

    /// Skips attributes; returns whether the tag ended with `/>`.
    mutating func readAttributesAndClose() throws(XMLRPCError) -> Bool {
        while true {
            skipWhitespace()
            guard position < input.count else { throw error("unexpected end of input in a tag") }
            switch input[position] {
            case XMLBytes.greaterThan:
                position += 1
                return false
            case XMLBytes.slash:
                guard position + 1 < input.count, input[position + 1] == XMLBytes.greaterThan else {
                    throw error("expected '>' after '/'")
                }
                position += 2
                return true
            default:
                try skipAttribute()
            }
        }
    }

    mutating func skipAttribute() throws(XMLRPCError) {
        _ = try readName()
        skipWhitespace()
        guard position < input.count, input[position] == XMLBytes.equals else {
            throw error("expected '=' after an attribute name")
        }
        position += 1
        skipWhitespace()
        guard position < input.count,
              input[position] == XMLBytes.quote || input[position] == XMLBytes.apostrophe else {
            throw error("expected a quoted attribute value")
        }
        let quote = input[position]
        let start = position
        position += 1
        while position < input.count, input[position] != quote {
            guard input[position] != XMLBytes.lessThan else { throw error("'<' in an attribute value") }
            position += 1
        }
        guard position < input.count else { throw error("unterminated attribute value", at: start) }
        position += 1
    }

    mutating func readEndTag() throws(XMLRPCError) {
        let start = position
        position += 2
        let name = try readName()
        skipWhitespace()
        guard position < input.count, input[position] == XMLBytes.greaterThan else {
            throw error("expected '>' to end </\(name)>")
        }
        position += 1
        guard let open = stack.popLast() else {
            throw error("unexpected </\(name)> with no open element", at: start)
        }
        guard open.name == name else {
            throw error("</\(name)> does not match <\(open.name)>", at: start)
        }
        attach(open)
    }

    mutating func attach(_ element: XMLElement) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    /// Character data up to the next `<`, with references resolved.
    mutating func readText() throws(XMLRPCError) {
        let start = position
        while position < input.count, input[position] != XMLBytes.lessThan, input[position] != XMLBytes.ampersand {
            position += 1
        }
        guard position < input.count, input[position] == XMLBytes.ampersand else {
            // No reference: the bytes are taken as they are.
            return try keepText(input[start..<position], start: start)
        }
        var bytes = Array(input[start..<position])
        while position < input.count, input[position] != XMLBytes.lessThan {
            if input[position] == XMLBytes.ampersand {
                try readReference(into: &bytes)
            } else {
                bytes.append(input[position])
                position += 1
            }
        }
        try keepText(bytes[...], start: start)
    }

    /// Adds character data to the open element; outside the root only whitespace may stand.
    mutating func keepText(_ bytes: ArraySlice<UInt8>, start: Int) throws(XMLRPCError) {
        if stack.isEmpty {
            guard bytes.allSatisfy(XMLBytes.isWhitespace) else {
                throw error(root == nil ? "text before the root element" : "text after the root element", at: start)
            }
            return
        }
        stack[stack.count - 1].text.append(contentsOf: bytes)
    }

    static let namedEntities: [String: UInt8] = [
        "lt": UInt8(ascii: "<"), "gt": UInt8(ascii: ">"), "amp": UInt8(ascii: "&"),
        "quot": UInt8(ascii: "\""), "apos": UInt8(ascii: "'"),
    ]

    /// `&name;` or `&#N;` / `&#xH;` at `position`.
    mutating func readReference(into bytes: inout [UInt8]) throws(XMLRPCError) {
        let start = position
        var end = position + 1
        while end < input.count, end - start <= 12, input[end] != XMLBytes.semicolon { end += 1 }
        guard end < input.count, input[end] == XMLBytes.semicolon else {
            throw error("'&' does not start a valid reference", at: start)
        }
        let body = Array(input[(start + 1)..<end])
        position = end + 1
        if body.first == UInt8(ascii: "#") {
            guard let scalar = Self.characterReference(body.dropFirst()) else {
                throw error("invalid character reference", at: start)
            }
            XMLBytes.appendUTF8(scalar, to: &bytes)
        } else if let name = XMLBytes.string(body), let byte = Self.namedEntities[name] {
            bytes.append(byte)
        } else {
            throw error("unknown entity '&\(XMLBytes.string(body) ?? "?");'", at: start)
        }
    }

    static func characterReference(_ digits: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = hexDigit(byte), digit < radix else { return nil }
            value = value * radix + digit
        }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return scalar
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
