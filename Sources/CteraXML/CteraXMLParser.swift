/// A hand-written reader for CTERA's object model:
///
///     value := <val>TEXT</val> | <val/> | <list> value* </list> | <obj [class=".."] [uuid=".."]> att* </obj>
///     att   := <att id="NAME"> value </att> | <att id="NAME"/>
///
/// An optional declaration, comments and white space between elements are skipped; text takes the
/// five predefined entities, numeric references and CDATA. DOCTYPE is refused, so nothing expands.
/// Every loop advances and nesting is capped, so hostile input ends in a `CteraXMLError`, never
/// in a crash or a hang.
public struct CteraXMLParser {
    public static let maxDepth = 64

    let input: [UInt8]
    var position = 0

    init(_ input: [UInt8]) {
        self.input = input
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    public static func parse(_ bytes: [UInt8]) throws(CteraXMLError) -> CteraValue {
        var parser = CteraXMLParser(bytes)
        try parser.skipMisc()
        guard parser.position < parser.input.count else { throw CteraXMLError("no root element", at: parser.position) }
        let value = try parser.readValue(depth: 0)
        try parser.skipMisc()
        guard parser.position == parser.input.count else {
            throw CteraXMLError("content after the root element", at: parser.position)
        }
        return value
    }

    public static func parse(_ text: String) throws(CteraXMLError) -> CteraValue { try parse(Array(text.utf8)) }

    func fail(_ message: String, at offset: Int? = nil) -> CteraXMLError {
        CteraXMLError(message, at: offset ?? position)
    }

    // MARK: Elements

    /// One `<val>`, `<list>` or `<obj>` at `position`.
    mutating func readValue(depth: Int) throws(CteraXMLError) -> CteraValue {
        guard depth < Self.maxDepth else { throw fail("values nested deeper than \(Self.maxDepth) levels") }
        let tag = try readStartTag()
        switch tag.name {
        case "val":
            if tag.selfClosing { return .text("") }
            let text = try readText()
            try readEndTag("val")
            return .text(text)
        case "list":
            var items: [CteraValue] = []
            if tag.selfClosing { return .list(items) }
            while try !atEndTag() { items.append(try readValue(depth: depth + 1)) }
            try readEndTag("list")
            return .list(items)
        case "obj":
            var object = CteraObject(tag.attributes["class"], uuid: tag.attributes["uuid"])
            if tag.selfClosing { return .object(object) }
            while try !atEndTag() { object.attributes.append(try readAttribute(depth: depth + 1)) }
            try readEndTag("obj")
            return .object(object)
        default:
            throw fail("unexpected element <\(tag.name)>; expected <val>, <list> or <obj>", at: tag.offset)
        }
    }

    mutating func readAttribute(depth: Int) throws(CteraXMLError) -> CteraObject.Attribute {
        let tag = try readStartTag()
        guard tag.name == "att" else { throw fail("unexpected element <\(tag.name)> in <obj>", at: tag.offset) }
        guard let id = tag.attributes["id"] else { throw fail("<att> without an id", at: tag.offset) }
        if tag.selfClosing { return .init(id, .null) }
        if try atEndTag() {
            try readEndTag("att")
            return .init(id, .null)
        }
        let value = try readValue(depth: depth)
        guard try atEndTag() else { throw fail("<att id=\"\(id)\"> holds more than one value") }
        try readEndTag("att")
        return .init(id, value)
    }

    struct StartTag {
        var name: String
        var attributes: [String: String]
        var selfClosing: Bool
        var offset: Int
    }

    mutating func readStartTag() throws(CteraXMLError) -> StartTag {
        try skipMisc()
        let offset = position
        guard peek() == UInt8(ascii: "<"), peek(1) != UInt8(ascii: "/") else { throw fail("expected an element") }
        position += 1
        let name = try readName()
        var attributes: [String: String] = [:]
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ">"):
                position += 1
                return StartTag(name: name, attributes: attributes, selfClosing: false, offset: offset)
            case UInt8(ascii: "/"):
                guard peek(1) == UInt8(ascii: ">") else { throw fail("expected '>' after '/'") }
                position += 2
                return StartTag(name: name, attributes: attributes, selfClosing: true, offset: offset)
            case nil:
                throw fail("unexpected end of input in <\(name)>")
            default:
                let (key, value) = try readXMLAttribute()
                guard attributes[key] == nil else { throw fail("attribute '\(key)' given twice") }
                attributes[key] = value
            }
        }
    }

    /// Whether the next markup (after white space and comments) is an end tag.
    mutating func atEndTag() throws(CteraXMLError) -> Bool {
        try skipMisc()
        guard position < input.count else { throw fail("unexpected end of input: an element is not closed") }
        return peek() == UInt8(ascii: "<") && peek(1) == UInt8(ascii: "/")
    }

    mutating func readEndTag(_ expected: String) throws(CteraXMLError) {
        try skipMisc()
        let offset = position
        guard peek() == UInt8(ascii: "<"), peek(1) == UInt8(ascii: "/") else { throw fail("expected </\(expected)>") }
        position += 2
        let name = try readName()
        skipWhitespace()
        guard peek() == UInt8(ascii: ">") else { throw fail("expected '>' to end </\(name)>") }
        position += 1
        guard name == expected else { throw fail("</\(name)> does not match <\(expected)>", at: offset) }
    }
}
