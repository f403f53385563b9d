/// An XML-RPC request: a method name and positional parameters.
public struct XMLRPCMethodCall: Sendable, Hashable {
    public var methodName: String
    public var params: [XMLRPCValue]

    public init(methodName: String, params: [XMLRPCValue] = []) {
        self.methodName = methodName
        self.params = params
    }

    /// The request body byte for byte as Python's `xmlrpc.client.dumps(params, methodName)`
    /// writes it (the layout Uyuni's own tooling sends).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.append("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
        XMLEscaping.python(methodName, into: &out)
        out.append("</methodName>\n<params>\n")
        for param in params {
            out.append("<param>\n")
            PythonEncoder.value(param, into: &out)
            out.append("</param>\n")
        }
        out.append("</params>\n</methodCall>\n")
        return out
    }

    /// Parses a `<methodCall>` document; `<params>` may be absent.
    public static func decode(_ bytes: [UInt8]) throws(XMLRPCError) -> XMLRPCMethodCall {
        let root = try XMLReader.parse(bytes)
        let decoding = XMLRPCDecoding(input: bytes)
        try decoding.expect(root, named: "methodCall")
        let parts = try decoding.children(of: root)
        guard let nameElement = parts.first, nameElement.name == "methodName" else {
            throw decoding.error("<methodCall> must start with <methodName>", root)
        }
        let name = try decoding.trimmedText(of: nameElement)
        guard !name.isEmpty else { throw decoding.error("empty <methodName>", nameElement) }
        guard parts.count <= 2 else { throw decoding.error("unexpected <\(parts[2].name)> in <methodCall>", parts[2]) }
        var params: [XMLRPCValue] = []
        if parts.count == 2 {
            try decoding.expect(parts[1], named: "params")
            for param in try decoding.children(of: parts[1]) {
                try decoding.expect(param, named: "param")
                params.append(try decoding.value(try decoding.onlyChild(of: param, named: "value")))
            }
        }
        return XMLRPCMethodCall(methodName: name, params: params)
    }
}
