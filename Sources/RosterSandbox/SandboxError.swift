/// A problem starting an emulator: an unknown type, a bad seed or state file.
/// `location` is `file:line:col` when the problem is in a seed file.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: String?

    public init(_ message: String, location: String? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }
}
