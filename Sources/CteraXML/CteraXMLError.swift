/// Why a body is not CTERA XML, with the byte offset where reading stopped.
public struct CteraXMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "malformed CTERA XML at byte \(offset): \(message)" }
}
