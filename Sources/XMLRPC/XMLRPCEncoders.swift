/// Writes values exactly as Python's `xmlrpc.client.Marshaller` does: each `<value>` on
/// its own line, `<int>` for integers, `<boolean>1</boolean>`, structs and arrays opened
/// and closed on their own lines, base64 wrapped at 76 columns.
enum PythonEncoder {
    static func value(_ value: XMLRPCValue, into out: inout [UInt8]) {
        switch value {
        case .int(let number):
            // Python refuses ints beyond 32 bits; send those as <i8>, which it reads back.
            let tag = Int(Int32.min)...Int(Int32.max) ~= number ? "int" : "i8"
            out.append("<value><\(tag)>\(number)</\(tag)></value>\n")
        case .boolean(let flag):
            out.append("<value><boolean>\(flag ? 1 : 0)</boolean></value>\n")
        case .string(let text):
            out.append("<value><string>")
            XMLEscaping.python(text, into: &out)
            out.append("</string></value>\n")
        case .double(let number):
            out.append("<value><double>\(number)</double></value>\n")
        case .dateTime(let text):
            out.append("<value><dateTime.iso8601>")
            XMLEscaping.python(text, into: &out)
            out.append("</dateTime.iso8601></value>\n")
        case .base64(let bytes):
            out.append("<value><base64>\n")
            out.append(contentsOf: Base64.encode(bytes, lineLength: 76))
            out.append("</base64></value>\n")
        case .array(let values):
            out.append("<value><array><data>\n")
            for element in values { self.value(element, into: &out) }
            out.append("</data></array></value>\n")
        case .struct(let members):
            out.append("<value><struct>\n")
            for member in members {
                out.append("<member>\n<name>")
                XMLEscaping.python(member.name, into: &out)
                out.append("</name>\n")
                self.value(member.value, into: &out)
                out.append("</member>\n")
            }
            out.append("</struct></value>\n")
        case .nil:
            // Python's allow_none form; roster's client never sends it.
            out.append("<value><nil/></value>")
        }
    }
}

/// Writes values in the byte layout of the Redstone library behind Uyuni's `/rpc/api`.
enum RedstoneEncoder {
    static func value(_ value: XMLRPCValue, into out: inout [UInt8]) {
        out.append("<value>")
        switch value {
        case .int(let number): out.append("<i4>\(number)</i4>")
        case .boolean(let flag): out.append("<boolean>\(flag ? 1 : 0)</boolean>")
        case .string(let text):
            out.append("<string>")
            XMLEscaping.redstone(text, into: &out)
            out.append("</string>")
        case .double(let number): out.append("<double>\(number)</double>")
        case .dateTime(let text):
            out.append("<dateTime.iso8601>")
            XMLEscaping.redstone(text, into: &out)
            out.append("</dateTime.iso8601>")
        case .base64(let bytes):
            out.append("<base64>")
            out.append(contentsOf: Base64.encode(bytes))
            out.append("</base64>")
        case .array(let values):
            out.append("<array><data>")
            for element in values { self.value(element, into: &out) }
            out.append("</data></array>")
        case .struct(let members):
            structure(members, into: &out)
        case .nil: out.append("<nil/>")
        }
        out.append("</value>")
    }

    static func structure(_ members: XMLRPCStruct, into out: inout [UInt8]) {
        let newline = members.layout == .serializer ? "\n" : ""
        out.append("<struct>")
        for member in members {
            out.append("<member><name>")
            XMLEscaping.redstone(member.name, into: &out)
            out.append("</name>")
            value(member.value, into: &out)
            out.append("</member>\(newline)")
        }
        out.append("</struct>\(newline)")
    }
}

/// Text escaping for the two encoders.
enum XMLEscaping {
    /// Python's `xmlrpc.client.escape`: `&`, `<` and `>`.
    static func python(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(byte)
            }
        }
    }

    /// Redstone's serializer: only `<` and `&`; `>` and quotes are written raw.
    static func redstone(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            default: out.append(byte)
            }
        }
    }
}

extension Array where Element == UInt8 {
    mutating func append(_ text: String) {
        append(contentsOf: text.utf8)
    }
}
