/// An XML-RPC response: one result value or a fault.
public enum XMLRPCResponse: Sendable, Hashable {
    case success(XMLRPCValue)
    case fault(code: Int, string: String)

    static let redstoneHeader = #"<?xml version="1.0" encoding="UTF-8"?>"#

    /// The Uyuni server's exact byte layout (Redstone): no newlines except those that
    /// `XMLRPCStruct.Layout.serializer` structs carry, `<i4>` integers, `<boolean>1/0`,
    /// only `<` and `&` escaped, and a fault code written as `<int>`.
    public func encodedRedstone() -> [UInt8] {
        var out: [UInt8] = []
        out.append(Self.redstoneHeader)
        switch self {
        case .success(let value):
            out.append("<methodResponse><params><param>")
            RedstoneEncoder.value(value, into: &out)
            out.append("</param></params></methodResponse>")
        case .fault(let code, let string):
            out.append("<methodResponse><fault><value><struct><member><name>faultCode</name>")
            out.append("<value><int>\(code)</int></value></member><member><name>faultString</name>")
            out.append("<value><string>")
            XMLEscaping.redstone(string, into: &out)
            out.append("</string></value></member></struct></value></fault></methodResponse>")
        }
        return out
    }

    /// Parses a `<methodResponse>` holding one `<param>` or a `<fault>` struct with
    /// an integer `faultCode` and a string `faultString`.
    public static func decode(_ bytes: [UInt8]) throws(XMLRPCError) -> XMLRPCResponse {
        let root = try XMLReader.parse(bytes)
        let decoding = XMLRPCDecoding(input: bytes)
        try decoding.expect(root, named: "methodResponse")
        let parts = try decoding.children(of: root)
        guard parts.count == 1 else { throw decoding.error("<methodResponse> must contain <params> or <fault>", root) }
        let body = parts[0]
        switch body.name {
        case "params":
            let param = try decoding.onlyChild(of: body, named: "param")
            return .success(try decoding.value(try decoding.onlyChild(of: param, named: "value")))
        case "fault":
            let valueElement = try decoding.onlyChild(of: body, named: "value")
            guard case .struct(let fault) = try decoding.value(valueElement),
                  let code = fault["faultCode"]?.int, let string = fault["faultString"]?.string else {
                throw decoding.error("<fault> must hold a struct with faultCode (int) and faultString (string)", body)
            }
            return .fault(code: code, string: string)
        default:
            throw decoding.error("expected <params> or <fault>, found <\(body.name)>", body)
        }
    }
}
