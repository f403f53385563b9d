import RosterTestSupport
import Testing
@testable import XMLRPC

@Suite struct MalformedInputTests {
    func callError(_ text: String) -> XMLRPCError? {
        do {
            _ = try XMLRPCMethodCall.decode(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    func responseError(_ text: String) -> XMLRPCError? {
        do {
            _ = try XMLRPCResponse.decode(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    static let valid = "<methodCall><methodName>a.b</methodName><params><param><value><int>1</int></value></param></params></methodCall>"

    @Test func everyTruncationFails() {
        let bytes = Array(Self.valid.utf8)
        for length in 0..<bytes.count {
            let prefix = String(decoding: bytes[0..<length], as: UTF8.self)
            #expect(callError(prefix) != nil, "prefix of \(length) bytes was accepted")
        }
        #expect(callError(Self.valid) == nil)
    }

    @Test func wrongNestingNamesBothTags() throws {
        let error = try #require(callError("<methodCall><methodName>a</methodCall></methodName>"))
        #expect(error.message == "</methodCall> does not match <methodName>")
        #expect(error.offset == 25)
        #expect(error.line == 1 && error.column == 26)
    }

    @Test func badIntegerAndBoolean() throws {
        let badInt = try #require(callError("<methodCall><methodName>a</methodName><params><param><value><int>12x</int></value></param></params></methodCall>"))
        #expect(badInt.message == "invalid integer '12x'")
        let huge = try #require(callError("<methodCall><methodName>a</methodName><params><param><value><i4>99999999999999999999999</i4></value></param></params></methodCall>"))
        #expect(huge.message.hasPrefix("integer out of range"))
        let badBool = try #require(callError("<methodCall><methodName>a</methodName><params><param><value><boolean>true</boolean></value></param></params></methodCall>"))
        #expect(badBool.message.contains("invalid boolean"))
    }

    @Test func lineAndColumnOnLaterLines() throws {
        let error = try #require(callError("<methodCall>\n<methodName>a</methodName>\n<params><param><value><double>1.2.x</double></value></param></params></methodCall>"))
        #expect(error.line == 3)
        #expect(error.column == 23)
        #expect(error.description == "3:23: invalid double '1.2.x'")
    }

    @Test func deepNestingIsRefused() throws {
        let depth = 10_000
        let text = "<methodCall><methodName>a</methodName><params><param>"
            + String(repeating: "<value><array><data>", count: depth)
            + String(repeating: "</data></array></value>", count: depth)
            + "</param></params></methodCall>"
        let error = try #require(callError(text))
        #expect(error.message == "elements nested deeper than 128 levels")
    }

    @Test func nestingUnderTheLimitIsFine() throws {
        let depth = 40  // 3 elements per level, plus 4 around: 124 < 128
        let text = "<methodCall><methodName>a</methodName><params><param>"
            + String(repeating: "<value><array><data>", count: depth) + String(repeating: "</data></array></value>", count: depth)
            + "</param></params></methodCall>"
        #expect(callError(text) == nil)
    }

    @Test(arguments: [
        ("<!DOCTYPE x [<!ENTITY a \"b\">]><methodCall/>", "document type declarations are not supported"),
        ("<methodCall><methodName>a&bogus;</methodName></methodCall>", "unknown entity '&bogus;'"),
        ("<methodCall><methodName>a&#0;</methodName></methodCall>", "invalid character reference"),
        ("<methodCall><methodName>a&#xD800;</methodName></methodCall>", "invalid character reference"),
        ("<methodCall><methodName>a & b</methodName></methodCall>", "'&' does not start a valid reference"),
        ("<methodCall><methodName>a</methodName></methodCall><x/>", "content after the root element"),
        ("junk<methodCall/>", "text before the root element"),
        ("<methodCall><methodName>a</methodName><params>text</params></methodCall>", "unexpected text in <params>"),
        ("<methodCall><methodName>a</methodName><params><param><value><foo/></value></param></params></methodCall>", "unknown value type <foo>"),
        ("<methodCall><methodName>a</methodName><params><param><value><base64>!!</base64></value></param></params></methodCall>", "invalid base64 data"),
        ("<methodCall><methodName>a</methodName><params><param><value><struct><member><name>x</name></member></struct></value></param></params></methodCall>", "<member> must contain <name> and <value>"),
        ("<methodCall><!-- never closed", "unterminated comment"),
        ("<methodResponse/>", "expected <methodCall>, found <methodResponse>"),
        ("", "no root element"),
    ])
    func clearErrors(_ text: String, _ message: String) throws {
        let error = try #require(callError(text))
        #expect(error.message == message)
    }

    @Test func responseShapes() {
        #expect(responseError("<methodResponse></methodResponse>")?.message == "<methodResponse> must contain <params> or <fault>")
        #expect(responseError("<methodResponse><fault><value><struct/></value></fault></methodResponse>") != nil)
        #expect(responseError("<methodResponse><params><param><value>1</value><value>2</value></param></params></methodResponse>") != nil)
    }

    @Test func invalidUTF8IsAnError() {
        var bytes = Array("<methodCall><methodName>".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("</methodName></methodCall>".utf8)
        #expect(throws: XMLRPCError.self) { try XMLRPCMethodCall.decode(bytes) }
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("<>/&;#x![]-?=\"' abcdefmnopqrstuvwxyz0123456789".utf8)
        let base = Array(Self.valid.utf8)
        var rejected = 0
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<Int(generator.next() % 6) + 1 {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            if (try? XMLRPCMethodCall.decode(bytes)) == nil { rejected += 1 }
            #expect((try? XMLRPCResponse.decode(bytes)) == nil)  // a call is never a response
        }
        #expect(rejected > 1000)
    }
}
