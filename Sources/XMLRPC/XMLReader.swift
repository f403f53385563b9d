/// A hand-written reader for the XML subset XML-RPC uses: an optional declaration,
/// processing instructions and comments (skipped), elements with (ignored) attributes,
/// text with the five predefined entities and numeric character references, CDATA, and
/// whitespace between elements. DOCTYPE is refused, so no entity can expand.
///
/// Every loop advances through the input and nesting is capped, so hostile input ends
/// in an `XMLRPCError` rather than a crash or a hang.
struct XMLReader {
    static let maxDepth = 128

    let input: [UInt8]
    var position = 0
    var stack: [XMLElement] = []
    var root: XMLElement?

    init(_ input: [UInt8]) {
        self.input = input
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    static func parse(_ input: [UInt8]) throws(XMLRPCError) -> XMLElement {
        var reader = XMLReader(input)
        return try reader.readDocument()
    }

    func error(_ message: String, at offset: Int? = nil) -> XMLRPCError {
        XMLRPCError(message, at: offset ?? position, in: input)
    }

    mutating func readDocument() throws(XMLRPCError) -> XMLElement {
        while position < input.count {
            if input[position] == XMLBytes.lessThan {
                try readMarkup()
            } else {
                try readText()
            }
        }
        if let open = stack.last {
            throw error("unexpected end of input: <\(open.name)> is not closed")
        }
        guard let root else { throw error("no root element") }
        return root
    }

    mutating func readMarkup() throws(XMLRPCError) {
        // The byte after `<` tells the kind of markup; tags, by far the most, are told at once.
        switch position + 1 < input.count ? input[position + 1] : 0 {
        case UInt8(ascii: "?"):
            try skip(past: "?>", openerLength: 2, what: "processing instruction")
        case UInt8(ascii: "!"):
            if hasPrefix("<!--") {
                try skip(past: "-->", openerLength: 4, what: "comment")
            } else if hasPrefix("<![CDATA[") {
                try readCDATA()
            } else {
                throw error("document type declarations are not supported")
            }
        case XMLBytes.slash:
            try readEndTag()
        default:
            try readStartTag()
        }
    }

    func hasPrefix(_ literal: String) -> Bool {
        var index = position
        for byte in literal.utf8 {
            guard index < input.count, input[index] == byte else { return false }
            index += 1
        }
        return true
    }

    /// Moves past the next occurrence of `terminator`.
    mutating func skip(past terminator: String, openerLength: Int, what: String) throws(XMLRPCError) {
        let start = position
        guard let end = find(terminator, from: position + openerLength) else {
            throw error("unterminated \(what)", at: start)
        }
        position = end + terminator.utf8.count
    }

    /// Index of the next occurrence of `literal` at or after `from`.
    func find(_ literal: String, from: Int) -> Int? {
        let needle = Array(literal.utf8)
        guard let first = needle.first, needle.count <= input.count else { return nil }
        var index = from
        while index + needle.count <= input.count {
            if input[index] == first && input[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    mutating func readCDATA() throws(XMLRPCError) {
        let start = position
        guard !stack.isEmpty else { throw error("CDATA outside the root element") }
        let contentStart = position + 9
        guard let end = find("]]>", from: contentStart) else {
            throw error("unterminated CDATA section", at: start)
        }
        stack[stack.count - 1].text.append(contentsOf: input[contentStart..<end])
        position = end + 3
    }

    mutating func readName() throws(XMLRPCError) -> String {
        let start = position
        guard position < input.count, XMLBytes.isNameStart(input[position]) else {
            throw error(position < input.count ? "expected an element name" : "unexpected end of input in a tag")
        }
        var ascii = true
        while position < input.count, XMLBytes.isNameByte(input[position]) {
            if input[position] >= 0x80 { ascii = false }
            position += 1
        }
        // An ASCII name (XML-RPC's all are) is made straight from the input, without a copy.
        if ascii { return String(decoding: input[start..<position], as: UTF8.self) }
        guard let name = XMLBytes.string(Array(input[start..<position])) else {
            throw error("element name is not valid UTF-8", at: start)
        }
        return name
    }

    mutating func skipWhitespace() {
        while position < input.count, XMLBytes.isWhitespace(input[position]) { position += 1 }
    }
}
