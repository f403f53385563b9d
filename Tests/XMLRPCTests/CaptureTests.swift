import Testing
@testable import XMLRPC

/// Request bodies as Python's `xmlrpc.client` sends them (protocols/captures/uyuni-xmlrpc.txt).
@Suite struct CaptureTests {
    static let key = "7230321xcd589904a4aa05bbdc3894afd0673c3ad566d4f8506e4de68be9ee7376f55d64"

    static func param(_ value: String) -> String { "<param>\n\(value)\n</param>\n" }

    static func body(_ method: String, _ params: [String]) -> String {
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>\(method)</methodName>\n<params>\n"
            + params.map(param).joined() + "</params>\n</methodCall>\n"
    }

    static let keyParam = "<value><string>\(key)</string></value>"

    @Test func authLoginMatchesCaptureByteForByte() throws {
        let call = XMLRPCMethodCall(methodName: "auth.login", params: ["admin", "s3cret"])
        let expected = Self.body("auth.login", ["<value><string>admin</string></value>", "<value><string>s3cret</string></value>"])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
        #expect(call.encoded().count == 215)  // the capture's Content-Length
        #expect(try XMLRPCMethodCall.decode(call.encoded()) == call)
    }

    @Test func userCreateMatchesCapture() throws {
        let call = XMLRPCMethodCall(
            methodName: "user.create",
            params: [.string(Self.key), "jdoe1", "pw1234", "John", "Doe", "jdoe@example.com", 0])
        let strings = ["jdoe1", "pw1234", "John", "Doe", "jdoe@example.com"].map { "<value><string>\($0)</string></value>" }
        let expected = Self.body("user.create", [Self.keyParam] + strings + ["<value><int>0</int></value>"])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
        #expect(call.encoded().count == 556)
    }

    @Test func listUsersAndGetDetailsLengths() {
        #expect(XMLRPCMethodCall(methodName: "user.listUsers", params: [.string(Self.key)]).encoded().count == 230)
        #expect(XMLRPCMethodCall(methodName: "user.getCreateDefaultSystemGroup", params: [.string(Self.key)]).encoded().count == 248)
        #expect(XMLRPCMethodCall(methodName: "user.getDetails", params: [.string(Self.key), "jdoe1"]).encoded().count == 286)
        #expect(XMLRPCMethodCall(methodName: "user.addRole", params: [.string(Self.key), "jdoe1", "org_admin"]).encoded().count == 342)
    }

    @Test func setDetailsStructMatchesCapture() {
        let details: XMLRPCStruct = ["first_name": "Jon", "email": "jon@example.com"]
        let call = XMLRPCMethodCall(methodName: "user.setDetails", params: [.string(Self.key), "jdoe1", .struct(details)])
        let structText = "<value><struct>\n<member>\n<name>first_name</name>\n<value><string>Jon</string></value>\n</member>\n"
            + "<member>\n<name>email</name>\n<value><string>jon@example.com</string></value>\n</member>\n</struct></value>"
        let expected = Self.body("user.setDetails", [Self.keyParam, "<value><string>jdoe1</string></value>", structText])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
    }

    @Test func arrayAndBooleanMatchCapture() {
        let call = XMLRPCMethodCall(
            methodName: "user.addAssignedSystemGroups",
            params: [.string(Self.key), "jdoe1", ["web", "db"], true])
        let arrayText = "<value><array><data>\n<value><string>web</string></value>\n<value><string>db</string></value>\n</data></array></value>"
        let expected = Self.body("user.addAssignedSystemGroups", [
            Self.keyParam, "<value><string>jdoe1</string></value>", arrayText, "<value><boolean>1</boolean></value>",
        ])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
    }

    @Test func pythonLayoutOfOtherTypes() {
        // Produced with Python 3.11: xmlrpc.client.dumps((Binary(b"hello world"), DateTime(...), 1.5, "x<&>"), "m.n")
        let call = XMLRPCMethodCall(methodName: "m.n", params: [
            .base64(Array("hello world".utf8)), .dateTime("20240102T03:04:05"), 1.5, "x<&>\"'",
        ])
        let expected = Self.body("m.n", [
            "<value><base64>\naGVsbG8gd29ybGQ=\n</base64></value>",
            "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>",
            "<value><double>1.5</double></value>",
            "<value><string>x&lt;&amp;&gt;\"'</string></value>",
        ])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
    }

    @Test func base64WrapsAt76Columns() {
        let call = XMLRPCMethodCall(methodName: "b", params: [.base64(Array(0..<100))])
        let expected = Self.body("b", [
            "<value><base64>\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\n"
                + "OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiYw==\n</base64></value>",
        ])
        #expect(String(decoding: call.encoded(), as: UTF8.self) == expected)
    }

    @Test func noParamsStillWritesParamsElement() {
        let call = XMLRPCMethodCall(methodName: "api.getVersion")
        #expect(String(decoding: call.encoded(), as: UTF8.self)
            == "<?xml version='1.0'?>\n<methodCall>\n<methodName>api.getVersion</methodName>\n<params>\n</params>\n</methodCall>\n")
    }
}
