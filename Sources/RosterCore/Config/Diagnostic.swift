import RosterYAML

/// One problem found in a config or a plan, with the place it comes from.
///
/// Printed as `file:line:col: error: message`, followed by its notes.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public struct Note: Sendable, Hashable {
        public var location: SourceLocation?
        public var message: String
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.location = location
            self.message = message
        }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]

    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation?, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    public static func warning(_ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: location, notes: notes)
    }

    public var description: String {
        var lines = [Self.line(location, severity.rawValue, message)]
        for note in notes {
            lines.append(Self.line(note.location, "note", note.message))
        }
        return lines.joined(separator: "\n")
    }

    static func line(_ location: SourceLocation?, _ label: String, _ message: String) -> String {
        if let location { return "\(location): \(label): \(message)" }
        return "\(label): \(message)"
    }
}

extension Diagnostic {
    init(_ error: YAMLError) {
        self.init(.error, error.message, at: error.location,
                  notes: error.notes.map { Note($0.message, at: $0.location) })
    }
}

/// Every problem a stage found; thrown when at least one is an error.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a stage walks its input, so that all of them are reported at once.
public final class DiagnosticBag {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location, notes: notes))
    }

    /// A problem that does not stop the run: `validate`, `plan` and `apply` print it, and every
    /// form of the plan carries it.
    public func warning(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(.warning, message, at: location, notes: notes))
    }

    /// Throws every diagnostic collected so far when any is an error.
    public func check() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(sorted) }
    }

    public var sorted: [Diagnostic] { diagnostics.sortedByPlace }

    /// The warnings collected so far, sorted by place.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning }.sortedByPlace }
}

extension Array where Element == Diagnostic {
    /// By file, line and column; those without a place last; equal places keep their order.
    public var sortedByPlace: [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
