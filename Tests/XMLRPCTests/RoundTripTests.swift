import Testing
@testable import XMLRPC

@Suite struct RoundTripTests {
    static let samples: [XMLRPCValue] = [
        0, 42, -7, .int(Int(Int32.max)), .int(Int(Int32.min)), .int(1 << 40),
        true, false,
        "", "plain", "tricky <&> \"quotes\" 'apos' ]]> \u{e9}\u{1F600}", "  leading and trailing  ", "line\nbreak\ttab",
        1.5, -0.25, 0.0, 1e300,
        .dateTime("20240102T03:04:05"),
        .base64([]), .base64([0]), .base64([0, 1]), .base64(Array(0...255)),
        [], [1, "two", [3.0, false]],
        .struct(XMLRPCStruct()), ["a": 1, "b": ["c": ["x", "y"]], "odd <name>": "v"],
    ]

    @Test(arguments: samples)
    func methodCallRoundTrip(_ value: XMLRPCValue) throws {
        let call = XMLRPCMethodCall(methodName: "ns.method", params: [value, "after"])
        #expect(try XMLRPCMethodCall.decode(call.encoded()) == call)
    }

    @Test(arguments: samples)
    func redstoneResponseRoundTrip(_ value: XMLRPCValue) throws {
        let response = XMLRPCResponse.success(value)
        #expect(try XMLRPCResponse.decode(response.encodedRedstone()) == response)
    }

    @Test func nilDecodesButIsSentOnlyInPythonsForm() throws {
        let response = try XMLRPCResponse.decode(Array("<methodResponse><params><param><value><nil/></value></param></params></methodResponse>".utf8))
        #expect(response == .success(.nil))
    }

    @Test func faultRoundTrip() throws {
        let fault = XMLRPCResponse.fault(code: -213, string: "redstone.xmlrpc.XmlRpcFault: No such user <&>")
        #expect(try XMLRPCResponse.decode(fault.encodedRedstone()) == fault)
    }

    @Test func structEqualityIgnoresOrderButKeepsIt() {
        var a: XMLRPCStruct = ["x": 1, "y": 2]
        let b: XMLRPCStruct = ["y": 2, "x": 1]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.names == ["x", "y"])
        a["x"] = 3
        #expect(a.names == ["x", "y"])
        #expect(a != b)
        a["x"] = nil
        #expect(a.names == ["y"])
    }

    @Test func accessors() {
        let value: XMLRPCValue = ["n": 5, "s": "t", "b": true, "l": [1]]
        let members = value.structValue
        #expect(members?["n"]?.int == 5)
        #expect(members?["s"]?.string == "t")
        #expect(members?["b"]?.bool == true)
        #expect(members?["l"]?.array == [1])
        #expect(members?["s"]?.int == nil)
        #expect(XMLRPCValue.nil.isNil)
    }

    @Test func decodesUntypedValuesAndAlternativeIntTags() throws {
        let text = """
            <?xml version="1.0"?>
            <!-- a comment -->
            <methodCall><methodName> x.y </methodName><params>
              <param><value>untyped &amp; raw</value></param>
              <param><value><i4> 12 </i4></value></param>
              <param><value><i8>-9000000000</i8></value></param>
              <param><value><string><![CDATA[<not a tag> & ]]>tail&#65;&#x42;</string></value></param>
              <param><value/></param>
              <param><value><string/></value></param>
              <param><value><array><data/></array></value></param>
            </params></methodCall>
            """
        let call = try XMLRPCMethodCall.decode(Array(text.utf8))
        #expect(call.methodName == "x.y")
        #expect(call.params == ["untyped & raw", 12, .int(-9_000_000_000), "<not a tag> & tailAB", "", "", []])
    }
}
