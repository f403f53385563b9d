import XMLRPC

extension FuzzInput {
    /// The bytes are an XML-RPC answer (what the Uyuni client reads) or a call (what the Uyuni
    /// emulator reads). Whatever decodes must encode to bytes that decode to the same encoding.
    public static func xmlrpc(_ bytes: [UInt8]) {
        if let response = try? XMLRPCResponse.decode(bytes) {
            let encoded = response.encodedRedstone()
            guard let again = try? XMLRPCResponse.decode(encoded) else {
                fatalError("a decoded answer does not decode once encoded: \(String(decoding: encoded, as: UTF8.self))")
            }
            precondition(again.encodedRedstone() == encoded, "an answer's encoding is not stable")
        }
        if let call = try? XMLRPCMethodCall.decode(bytes) {
            let encoded = call.encoded()
            guard let again = try? XMLRPCMethodCall.decode(encoded) else {
                fatalError("a decoded call does not decode once encoded: \(String(decoding: encoded, as: UTF8.self))")
            }
            precondition(again.encoded() == encoded, "a call's encoding is not stable")
        }
    }
}
