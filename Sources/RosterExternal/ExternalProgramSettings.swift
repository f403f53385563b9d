import RosterCore
import RosterYAML

/// How to run a backend's provider program: the backend keys `program`, `request_timeout` and
/// `protocol_log`, shared by every type that speaks the external-provider protocol.
public struct ExternalProgramSettings: Sendable {
    public static let keys = ["program", "request_timeout", "protocol_log"]
    public static let defaultTimeout = 60

    /// The program and its arguments; it runs in `directory` (the config's folder), so relative
    /// paths in its arguments start there.
    public var command: [String]
    public var directory: String
    public var timeout: Duration
    /// A file that receives every line exchanged, secrets scrubbed (for provider authors).
    public var protocolLog: String?

    public init(command: [String], directory: String, timeout: Duration = .seconds(defaultTimeout),
                protocolLog: String? = nil) {
        self.command = command
        self.directory = directory
        self.timeout = timeout
        self.protocolLog = protocolLog
    }

    /// Reads the keys; `defaultCommand` is used when the backend has no `program`.
    public static func read(_ node: YAMLNode, backend: String, reader: ValueReader,
                            defaultCommand: [String]?) -> ExternalProgramSettings? {
        var command = defaultCommand
        if let value = node["program"] {
            if value.kind == .scalar, let single = reader.string(value, "program") {
                command = [single]
            } else if let list = reader.stringList(value, "program") {
                command = list
                if list.isEmpty { reader.bag.error("'program' must name a program to run", at: value.location) }
            } else {
                return nil
            }
        }
        guard let command, !command.isEmpty else {
            reader.bag.error("backend '\(backend)' needs 'program': the provider program and its arguments",
                             at: node.location)
            return nil
        }
        var timeout = defaultTimeout
        if let value = node["request_timeout"] {
            guard let seconds = reader.int(value, "request_timeout") else { return nil }
            guard seconds >= 1 else {
                reader.bag.error("'request_timeout' must be at least 1 (seconds)", at: value.location)
                return nil
            }
            timeout = seconds
        }
        let log = node["protocol_log"].flatMap { reader.string($0, "protocol_log") }.map(reader.resolvePath)
        return ExternalProgramSettings(command: command, directory: reader.baseDirectory, timeout: .seconds(timeout),
                                       protocolLog: log)
    }
}
