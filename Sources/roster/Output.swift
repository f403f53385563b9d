import Foundation
import Logging
import RosterCore

/// Where the CLI writes: plans to stdout, diagnostics and progress to stderr, colour only on a
/// terminal and never with NO_COLOR.
enum Output {
    static var colorStdout: Bool { useColor(fd: STDOUT_FILENO) }
    static var colorStderr: Bool { useColor(fd: STDERR_FILENO) }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func useColor(fd: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(fd) == 1 && environment["TERM"] != "dumb"
    }

    /// Everything printed goes through the redactor, then has its control characters escaped
    /// (roster's own colours kept where colour is on).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(safe(text, keepColor: colorStdout).utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(safe(text, keepColor: colorStderr).utf8))
    }

    /// Writes `prefix` (roster's own terminal control, such as a progress line's `\r\e[K`) as is, then `text` made safe.
    static func writeError(raw prefix: String, _ text: String) {
        FileHandle.standardError.write(Data((prefix + safe(text, keepColor: colorStderr)).utf8))
    }

    static func safe(_ text: String, keepColor: Bool) -> String {
        TerminalText.escape(Redactor.shared.scrub(text), keepColor: keepColor)
    }

    static func error(_ message: String) {
        writeError(paint("error:", "31;1", colorStderr) + " " + message + "\n")
    }

    /// Whether diagnostics show the config line with a caret under the column: on a terminal, or
    /// as `ROSTER_SOURCE_EXCERPTS` says (`1` always, `0` never).
    static var sourceExcerpts: Bool {
        switch ProcessInfo.processInfo.environment["ROSTER_SOURCE_EXCERPTS"] {
        case "1": true
        case "0": false
        default: stderrIsTerminal
        }
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        let color = colorStderr
        var excerpts = sourceExcerpts ? SourceExcerpt() : nil
        for diagnostic in diagnostics {
            var text = format(diagnostic, color: color)
            if diagnostic.severity != .note, let location = diagnostic.location,
               let excerpt = excerpts?.render(location) {
                // The excerpt goes under the first line, before the notes.
                let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                text = String(lines[0]) + "\n" + excerpt + (lines.count > 1 ? "\n" + lines[1] : "")
            }
            writeError(text + "\n")
        }
        let errors = diagnostics.count { $0.severity == .error }
        if errors > 1 { writeError("\(errors) errors\n") }
    }

    static func format(_ diagnostic: Diagnostic, color: Bool) -> String {
        guard color else { return diagnostic.description }
        let code = diagnostic.severity == .error ? "31;1" : diagnostic.severity == .warning ? "33;1" : "36;1"
        var lines = [line(diagnostic.location, paint("\(diagnostic.severity.rawValue):", code, true), diagnostic.message)]
        for note in diagnostic.notes { lines.append(line(note.location, paint("note:", "36;1", true), note.message)) }
        return lines.joined(separator: "\n")
    }

    private static func line(_ location: (some CustomStringConvertible)?, _ label: String, _ message: String) -> String {
        location.map { "\($0): \(label) \(message)" } ?? "\(label) \(message)"
    }

    static func paint(_ text: String, _ code: String, _ on: Bool) -> String {
        on ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrapLogging(_ level: Logger.Level) {
        guard !bootstrapped else { return }
        bootstrapped = true
        LoggingSystem.bootstrap { label in ScrubbingLogHandler(label: label, logLevel: level) }
    }
}
