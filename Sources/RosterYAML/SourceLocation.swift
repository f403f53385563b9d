/// A place in a YAML file: the file name as given by the caller, and a 1-based line and column.
///
/// Columns count Unicode scalars, as libyaml does, so they match what an editor shows for a line.
/// Line and column are kept as 32-bit numbers (clamped): every desired object carries a location,
/// and 24 bytes instead of 32 is a large config's tables 5% smaller.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Self.clamped(newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Self.clamped(newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.storedLine = Self.clamped(line)
        self.storedColumn = Self.clamped(column)
    }

    private static func clamped(_ value: Int) -> Int32 {
        Int32(clamping: value)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
