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

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601)
        Output.writeError("\(time) \(event.level) \(label):" + (fields.isEmpty ? "" : " " + fields) + " \(event.message)\n")
    }
}
