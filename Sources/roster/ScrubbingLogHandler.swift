import Foundation
import Logging

/// Log lines to stderr, each through the redactor and with control characters escaped, like
/// everything else roster prints: `TIME LEVEL LABEL: [key=value ...] message`.
struct ScrubbingLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let all = metadata.merging(extra ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601)
        Output.writeError("\(time) \(level) \(label):" + (fields.isEmpty ? "" : " " + fields) + " \(message)\n")
    }
}
