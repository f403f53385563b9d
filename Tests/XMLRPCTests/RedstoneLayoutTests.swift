import Testing
@testable import XMLRPC

/// The Uyuni server's byte layout (protocols/uyuni-activelogic-cloud.md §1.2).
@Suite struct RedstoneLayoutTests {
    static let header = #"<?xml version="1.0" encoding="UTF-8"?>"#

    func text(_ response: XMLRPCResponse) -> String {
        String(decoding: response.encodedRedstone(), as: UTF8.self)
    }

    @Test func integerResult() {
        #expect(text(.success(1)) == Self.header
            + "<methodResponse><params><param><value><i4>1</i4></value></param></params></methodResponse>")
    }

    @Test func serializerStructsInAnArray() {
        let user = XMLRPCStruct(
            [(name: "id", value: 1), (name: "login", value: "admin"), (name: "login_uc", value: "ADMIN"), (name: "enabled", value: true)],
            layout: .serializer)
        let expected = Self.header
            + "<methodResponse><params><param><value><array><data><value><struct><member><name>id</name><value><i4>1</i4></value></member>\n"
            + "<member><name>login</name><value><string>admin</string></value></member>\n"
            + "<member><name>login_uc</name><value><string>ADMIN</string></value></member>\n"
            + "<member><name>enabled</name><value><boolean>1</boolean></value></member>\n"
            + "</struct>\n"
            + "</value></data></array></value></param></params></methodResponse>"
        #expect(text(.success([.struct(user)])) == expected)
    }

    @Test func mapStructsHaveNoNewlines() {
        let details = XMLRPCStruct([(name: "read_only", value: false), (name: "prefix", value: " ")])
        #expect(text(.success(.struct(details))) == Self.header
            + "<methodResponse><params><param><value><struct><member><name>read_only</name><value><boolean>0</boolean></value></member>"
            + "<member><name>prefix</name><value><string> </string></value></member></struct></value></param></params></methodResponse>")
    }

    @Test func faultEnvelopeIsExact() {
        let fault = XMLRPCResponse.fault(code: -213, string: "redstone.xmlrpc.XmlRpcFault: No such user")
        #expect(text(fault) == Self.header
            + "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-213</int></value></member>"
            + "<member><name>faultString</name><value><string>redstone.xmlrpc.XmlRpcFault: No such user</string></value></member>"
            + "</struct></value></fault></methodResponse>")
    }

    @Test func onlyLessThanAndAmpersandAreEscaped() {
        #expect(text(.success("a<b>&\"c'")) == Self.header
            + "<methodResponse><params><param><value><string>a&lt;b>&amp;\"c'</string></value></param></params></methodResponse>")
    }

    @Test func otherScalarsAndArrays() {
        #expect(text(.success([true, "x", .dateTime("20240101T00:00:00")])) == Self.header
            + "<methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><string>x</string></value>"
            + "<value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value></data></array></value></param></params></methodResponse>")
    }

    @Test func decodesPythonStyleFault() throws {
        let text = """
            <?xml version='1.0'?>
            <methodResponse>
            <fault>
            <value><struct>
            <member>
            <name>faultCode</name>
            <value><int>2950</int></value>
            </member>
            <member>
            <name>faultString</name>
            <value><string>bad</string></value>
            </member>
            </struct></value>
            </fault>
            </methodResponse>
            """
        #expect(try XMLRPCResponse.decode(Array(text.utf8)) == .fault(code: 2950, string: "bad"))
    }
}
