import CteraXML
import RosterTestSupport
import Testing

@Suite struct CteraXMLTests {
    /// Verbatim from the cterasdk capture: a PUT of a modified user.
    static let capturedPut = """
        <obj class="PortalUser"><att id="company" /><att id="comment"><val /></att><att id="uid"><val>1053</val></att>\
        <att id="name"><val>robert</val></att><att id="role"><val>ReadWriteAdmin</val></att>\
        <att id="baseObjectRef"><val>objs/1053/acme/PortalUser/bob</val></att><att id="password"><val>N3wPass!</val></att></obj>
        """

    @Test func nullAndEmptyStringStayApart() throws {
        let user = try #require(try CteraXMLParser.parse(Self.capturedPut).object)
        #expect(user.className == "PortalUser")
        #expect(user["company"] == .null)
        #expect(user["comment"] == .text(""))
        #expect(user.string("company") == nil)
        #expect(user.string("comment") == "")
        #expect(user["missing"] == nil)
        #expect(user.xml() == Self.capturedPut)
    }

    @Test func valuesAreDecodedBySchemaNotGuessed() throws {
        let object = try #require(try CteraXMLParser.parse(
            "<obj><att id=\"uid\"><val>1053</val></att><att id=\"v\"><val>7.9</val></att>"
                + "<att id=\"f\"><val>false</val></att><att id=\"z\"><val>1_000</val></att></obj>").object)
        #expect(object.int("uid") == 1053)
        #expect(object.string("uid") == "1053")
        #expect(object.string("v") == "7.9")
        #expect(object.int("v") == nil)
        #expect(object.bool("f") == false)
        #expect(object.string("f") == "false")
        #expect(object.int("z") == nil)
        #expect(object.bool("uid") == nil)
    }

    @Test func writesWhatTheSDKWrites() {
        let envelope = CteraObject(nil, ["type": .text("user-defined"), "name": .text("updateAccounts"),
                                         "param": .object(CteraObject(nil, ["objectId": .null, "type": .text("users")]))])
        #expect(envelope.xml() == "<obj><att id=\"type\"><val>user-defined</val></att><att id=\"name\"><val>updateAccounts</val></att>"
            + "<att id=\"param\"><obj><att id=\"objectId\" /><att id=\"type\"><val>users</val></att></obj></att></obj>")
        #expect(CteraValue.list([.text("/email"), .text("/name")]).xml() == "<list><val>/email</val><val>/name</val></list>")
        #expect(CteraValue.text("a<b & \"c\">").xml() == "<val>a&lt;b &amp; &quot;c&quot;&gt;</val>")
        #expect(CteraValue.text("").xml() == "<val />")
    }

    @Test(arguments: ["", "plain", "tricky <&> \"quotes\" 'apos' ]]>", "  spaced  ", "line\nbreak\ttab\r", "é😀"])
    func textRoundTrips(_ text: String) throws {
        let value = CteraValue.object(CteraObject("C", ["x": .text(text), "n": .null, "l": .list([.text(text)])]))
        #expect(try CteraXMLParser.parse(value.xml()) == value)
    }

    @Test func acceptsDeclarationCommentsWhitespaceAndCDATA() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <obj class='QueryResult'>
              <att id="hasMore"><val>true</val></att>
              <att id="objects"><list><obj><att id="name"><val><![CDATA[a<b]]>&#65;&#x42;</val></att></obj></list></att>
            </obj>
            """
        let object = try #require(try CteraXMLParser.parse(text).object)
        #expect(object.bool("hasMore") == true)
        #expect(object.list("objects")?.first?.object?.string("name") == "a<bAB")
    }

    @Test(arguments: [
        "", "   ", "<val>", "<val>x</list>", "<obj><att><val/></att></obj>", "<obj><val/></obj>",
        "<obj><att id=\"a\"><val/><val/></att></obj>", "<foo/>", "<val/><val/>", "text", "<val>&bogus;</val>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><val>&a;</val>", "<val>&#0;</val>", "<val>&#x110000;</val>",
        "<obj class=\"a\" class=\"b\"/>", "<obj class=a/>", "<val><!-- unterminated",
    ])
    func malformedInputIsAnErrorNotACrash(_ text: String) {
        #expect(throws: CteraXMLError.self) { _ = try CteraXMLParser.parse(text) }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: CteraXMLError.self) { _ = try CteraXMLParser.parse([0x3C, 0x76, 0x61, 0x6C, 0x3E, 0xFF, 0xFE] + Array("</val>".utf8)) }
    }

    @Test func deepNestingIsCapped() {
        let deep = String(repeating: "<list>", count: 100_000) + String(repeating: "</list>", count: 100_000)
        #expect(throws: CteraXMLError.self) { _ = try CteraXMLParser.parse(deep) }
        let fine = String(repeating: "<list>", count: 60) + String(repeating: "</list>", count: 60)
        #expect((try? CteraXMLParser.parse(fine)) != nil)
    }

    /// Random bytes and random cuts of valid documents: every input ends in a value or an error.
    @Test func hostileBytesNeverCrash() {
        var generator = SeededGenerator(seed: 42)
        let valid = Array(Self.capturedPut.utf8)
        let alphabet = Array("<>/=\"' &;#x0123valistobjatd![]CDATA-?".utf8)
        var rejected = 0
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = Array(valid.prefix(Int.random(in: 0...valid.count, using: &generator)))
                if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = alphabet.randomElement(using: &generator)! }
            } else {
                bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            if (try? CteraXMLParser.parse(bytes)) == nil { rejected += 1 }
        }
        // The random half is almost never a document: most inputs must end in an error, not a value.
        #expect(rejected > 1000)
    }
}
