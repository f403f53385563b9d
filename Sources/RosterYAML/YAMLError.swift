/// A remark attached to an error, at another place: "'email' first defined here".
public struct YAMLNote: Sendable, Hashable {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}

/// One problem in a YAML file, at the place it was found.
///
/// `message` is one phrase with the offending thing in quotes, e.g. `duplicate key 'email'`.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var notes: [YAMLNote]

    public init(location: SourceLocation, message: String, notes: [YAMLNote] = []) {
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// `file:line:col: error: message`, then one `file:line:col: note: message` line per note.
    public var description: String {
        var text = "\(location): error: \(message)"
        for note in notes {
            text += "\n\(note.location): note: \(note.message)"
        }
        return text
    }
}

/// Every problem found while loading one file, in file order.
public struct YAMLLoadFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [YAMLError]

    public init(errors: [YAMLError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// Bounds that keep a hostile or broken file from exhausting memory or time.
public struct YAMLLimits: Sendable {
    /// Nesting levels of mappings and sequences.
    public var maxDepth: Int
    /// Total nodes reachable through aliases, counted with their whole subtrees ("billion laughs").
    public var maxAliasExpansion: Int
    /// Bytes of input.
    public var maxFileSize: Int

    public init(maxDepth: Int = 256, maxAliasExpansion: Int = 1_000_000, maxFileSize: Int = 256 << 20) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxFileSize = maxFileSize
    }
}
