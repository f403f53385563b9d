import Foundation

/// The checked-in files the tables make: each table's definition in the config schema and its key
/// table in its backend's page. `swift run roster-bench schema` writes them; each provider's tests
/// fail when they are stale.
public enum AccountKeyFiles {
    public static let schemaPath = "schemas/roster.schema.json"

    /// `docs/backends/squirro.md` for the table of type `squirro`.
    public static func pagePath(_ table: AccountKeyTable) -> String { "docs/backends/\(table.type).md" }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The schema and pages as these tables make them, by path under `root`, from the files as
    /// they are there (the rest of each file is kept as written).
    public static func generate(_ tables: [AccountKeyTable], root: String) throws -> [(path: String, text: String)] {
        var schema = try read(root + "/" + schemaPath)
        var files: [(path: String, text: String)] = []
        for table in tables {
            guard let spliced = table.spliced(intoSchema: schema) else {
                throw Missing(description: "\(schemaPath) has no definition '\(table.schemaName)' under $defs")
            }
            schema = spliced
            let path = pagePath(table)
            guard let page = table.spliced(intoPage: try read(root + "/" + path)) else {
                throw Missing(description: "\(path) has no lines '\(AccountKeyTable.docsBegin)' and '\(AccountKeyTable.docsEnd)'")
            }
            files.append((path, page))
        }
        return [(schemaPath, schema)] + files
    }

    /// What is out of date for one table under `root`: each file it makes that differs from the
    /// checked-in one (with the first line that differs), and each key its page does not list
    /// with its doc line. Empty when the files are the table's own.
    public static func problems(_ table: AccountKeyTable, root: String) throws -> [String] {
        var problems: [String] = []
        for (path, text) in try generate([table], root: root) {
            if let difference = difference(try read(root + "/" + path), text) {
                problems.append("\(path) is stale (run `swift run roster-bench schema`): \(difference)")
            }
        }
        let page = try read(root + "/" + pagePath(table))
        for key in table.keys where !(page.contains("| `\(key.name)` |") && page.contains(key.doc)) {
            problems.append("\(pagePath(table)) does not list '\(key.name)' with its doc line")
        }
        return problems
    }

    /// The first line where `made` differs from `checkedIn`, both shown; nil when they are the same.
    public static func difference(_ checkedIn: String, _ made: String) -> String? {
        guard checkedIn != made else { return nil }
        let old = checkedIn.split(separator: "\n", omittingEmptySubsequences: false)
        let new = made.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        let shown = { (lines: [Substring]) in line < lines.count ? String(lines[line]) : "(end of file)" }
        return "line \(line + 1): checked in \(shown(old)), made \(shown(new))"
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
    }
}
