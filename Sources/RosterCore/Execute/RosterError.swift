/// A runtime error from a backend that keeps its context: the backend, the operation, the object,
/// and the vendor's own code (HTTP status, XML-RPC faultCode, ...). Never holds a secret.
public struct RosterError: Error, Sendable, CustomStringConvertible {
    public var backend: String
    public var operation: String
    public var object: String?
    public var code: String?
    public var message: String
    /// A mutating request that may or may not have been carried out (the connection closed after it
    /// was sent, a timeout, a lost answer): it was not re-sent; the object must be read back first.
    public var outcomeUnknown: Bool

    public init(backend: String, operation: String, object: String? = nil, code: String? = nil, message: String,
                outcomeUnknown: Bool = false) {
        self.backend = backend
        self.operation = operation
        self.object = object
        self.code = code
        self.message = message
        self.outcomeUnknown = outcomeUnknown
    }

    public var description: String {
        var text = "\(backend): \(operation)"
        if let object { text += " '\(object)'" }
        text += outcomeUnknown ? " outcome unknown" : " failed"
        if let code { text += " (\(code))" }
        return text + ": " + message
    }
}
