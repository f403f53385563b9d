/// Turns the XML tree into XML-RPC values, with an error at the offending element.
struct XMLRPCDecoding {
    let input: [UInt8]

    func error(_ message: String, _ element: XMLElement) -> XMLRPCError {
        XMLRPCError(message, at: element.offset, in: input)
    }

    func expect(_ element: XMLElement, named name: String) throws(XMLRPCError) {
        guard element.name == name else { throw error("expected <\(name)>, found <\(element.name)>", element) }
    }

    /// The element's children, refusing text between them.
    func children(of element: XMLElement) throws(XMLRPCError) -> [XMLElement] {
        guard !element.hasSignificantText else { throw error("unexpected text in <\(element.name)>", element) }
        return element.children
    }

    /// The only child of `element`, which must be named `name`.
    func onlyChild(of element: XMLElement, named name: String) throws(XMLRPCError) -> XMLElement {
        let children = try children(of: element)
        guard children.count == 1 else {
            throw error("<\(element.name)> must contain exactly one <\(name)>", element)
        }
        try expect(children[0], named: name)
        return children[0]
    }

    /// The text of an element that must not contain elements.
    func text(of element: XMLElement) throws(XMLRPCError) -> String {
        guard element.children.isEmpty else { throw error("<\(element.name)> must not contain elements", element) }
        guard let text = XMLBytes.string(element.text) else { throw error("text is not valid UTF-8", element) }
        return text
    }

    func trimmedText(of element: XMLElement) throws(XMLRPCError) -> String {
        let text = try text(of: element)
        let scalars = text.unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    func value(_ element: XMLElement) throws(XMLRPCError) -> XMLRPCValue {
        try expect(element, named: "value")
        if element.children.isEmpty { return .string(try text(of: element)) }
        let children = try children(of: element)
        guard children.count == 1 else { throw error("<value> must contain one typed element", element) }
        return try typed(children[0])
    }

    func typed(_ element: XMLElement) throws(XMLRPCError) -> XMLRPCValue {
        switch element.name {
        case "int", "i4", "i8": return .int(try integer(element))
        case "boolean": return .boolean(try boolean(element))
        case "string": return .string(try text(of: element))
        case "double": return .double(try double(element))
        case "dateTime.iso8601": return .dateTime(try trimmedText(of: element))
        case "base64":
            guard let bytes = Base64.decode(Array(try text(of: element).utf8)) else {
                throw error("invalid base64 data", element)
            }
            return .base64(bytes)
        case "array": return .array(try array(element))
        case "struct": return .struct(try structValue(element))
        case "nil":
            guard element.children.isEmpty, !element.hasSignificantText else { throw error("<nil/> must be empty", element) }
            return .nil
        default: throw error("unknown value type <\(element.name)>", element)
        }
    }

    func integer(_ element: XMLElement) throws(XMLRPCError) -> Int {
        let text = try trimmedText(of: element)
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw error("invalid integer '\(text.prefix(40))'", element)
        }
        guard let value = Int(text) else { throw error("integer out of range '\(text.prefix(40))'", element) }
        return value
    }

    func boolean(_ element: XMLElement) throws(XMLRPCError) -> Bool {
        switch try trimmedText(of: element) {
        case "1": return true
        case "0": return false
        case let other: throw error("invalid boolean '\(other.prefix(40))' (expected 0 or 1)", element)
        }
    }

    func double(_ element: XMLElement) throws(XMLRPCError) -> Double {
        let text = try trimmedText(of: element)
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
        let special = ["inf", "-inf", "+inf", "nan"].contains(text.lowercased())
        guard allowed || special, let value = Double(text) else {
            throw error("invalid double '\(text.prefix(40))'", element)
        }
        return value
    }

    func array(_ element: XMLElement) throws(XMLRPCError) -> [XMLRPCValue] {
        let data = try onlyChild(of: element, named: "data")
        var values: [XMLRPCValue] = []
        for child in try children(of: data) { values.append(try value(child)) }
        return values
    }

    func structValue(_ element: XMLElement) throws(XMLRPCError) -> XMLRPCStruct {
        var result = XMLRPCStruct()
        for member in try children(of: element) {
            try expect(member, named: "member")
            let parts = try children(of: member)
            guard parts.count == 2 else { throw error("<member> must contain <name> and <value>", member) }
            try expect(parts[0], named: "name")
            result[try text(of: parts[0])] = try value(parts[1])
        }
        return result
    }
}
