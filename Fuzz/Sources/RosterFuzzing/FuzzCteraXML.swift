import CteraXML

extension FuzzInput {
    /// The bytes are a CTERA portal answer (or request body). Whatever parses must write to XML
    /// that parses again to the same value.
    public static func cteraXML(_ bytes: [UInt8]) {
        guard let value = try? CteraXMLParser.parse(bytes) else { return }
        let written = value.xmlBytes()
        guard let again = try? CteraXMLParser.parse(written) else {
            fatalError("a parsed value does not parse once written: \(String(decoding: written, as: UTF8.self))")
        }
        precondition(again == value, "a value changes when written and parsed again")
    }
}
