/// A runtime error from a backend that keeps its context: the backend, the operation, the object,
/// and the vendor's own code (HTTP status, XML-RPC faultCode, ...). Never holds a secret.
public struct RosterError: Error, Sendable, CustomStringConvertible {
    public var backend: String
    public var operation: String
    public var object: String?
    public var code: Code?
    public var message: String
    /// A mutating request that may or may not have been carried out (the connection closed after it
    /// was sent, a timeout, a lost answer): it was not re-sent; the object must be read back first.
    public var outcomeUnknown: Bool

    public init(backend: String, operation: String, object: String? = nil, code: Code? = nil, message: String,
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

extension RosterError {
    /// The vendor's code of an error, matched as a value (`if case .http(404) = error.code`); its
    /// text is what errors show in parentheses.
    public enum Code: Sendable, Hashable, CustomStringConvertible {
        /// The HTTP status a backend answered: `HTTP 404`.
        case http(Int)
        /// An XML-RPC faultCode: `fault -213`.
        case fault(Int)
        /// The end state of a CTERA background task that did not complete: `task failed`.
        case task(String)
        /// A provider program that could not be run or broke the protocol: `provider-program`.
        case providerProgram
        /// The code a provider program gave with its error (`PLDBError`), as it gave it.
        case program(String)

        public var description: String {
            switch self {
            case .http(let status): "HTTP \(status)"
            case .fault(let code): "fault \(code)"
            case .task(let state): "task \(state)"
            case .providerProgram: "provider-program"
            case .program(let code): code
            }
        }
    }
}
