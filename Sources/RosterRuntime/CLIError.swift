/// An error of roster's command line itself, not of a backend or of the config: flags that cannot
/// be honoured together (no terminal to confirm on without `--yes`), a file named on the command
/// line that cannot be read, a run the flags given leave unsafe (secrets with nowhere to go).
///
/// Printed as `error: roster: OPERATION ['OBJECT'] failed: MESSAGE`, the form roster's own errors
/// have always had, and the run exits with `status`: 1, or 64 (`usage`) for a command line that
/// cannot be read at all, as ArgumentParser's own usage errors do.
public struct CLIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exit status of a usage error (EX_USAGE).
    public static let usage: Int32 = 64

    /// What was being done: the command (`apply`) or the option (`--secrets-out`).
    public var operation: String
    /// The file or value it was done to, if one.
    public var object: String?
    public var message: String
    /// The exit status the run ends with.
    public var status: Int32

    public init(operation: String, object: String? = nil, message: String, status: Int32 = 1) {
        self.operation = operation
        self.object = object
        self.message = message
        self.status = status
    }

    public var description: String {
        var text = "roster: \(operation)"
        if let object { text += " '\(object)'" }
        return text + " failed: " + message
    }
}
