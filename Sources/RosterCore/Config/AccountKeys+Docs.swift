import Foundation

/// The account-key table of a backend's page under `docs/backends/`, made from the table.
extension AccountKeyTable {
    /// The lines that open and close the generated table in a page.
    public static let docsBegin = "<!-- account keys: generated from the provider's table by `swift run roster-bench schema` -->"
    public static let docsEnd = "<!-- end of account keys -->"

    /// A Markdown table of the keys and `until`: name, what it takes, the attribute it sets, its
    /// default on create, and its doc.
    public var docsTable: String {
        var lines = ["| Key | Takes | Sets | On create | Meaning |", "|---|---|---|---|---|"]
        for key in keys + [.until] {
            let cells = ["`\(key.name)`", key.typeText, key.attribute.map { "`\($0)`" } ?? "",
                         key.defaultOnCreate.map { "`\($0.docsText)`" } ?? "", key.doc]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// `page` with its generated table replaced by this one's; nil when the page has no markers.
    public func spliced(intoPage page: String) -> String? {
        var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: Self.docsBegin),
              let end = lines[start...].firstIndex(of: Self.docsEnd) else { return nil }
        lines.replaceSubrange(start...end, with: [Self.docsBegin, docsTable, Self.docsEnd])
        return lines.joined(separator: "\n")
    }
}

extension AccountKey {
    /// What the key takes, in words.
    var typeText: String {
        let text: String
        switch type {
        case .string: text = "text"
        case .integer(let minimum?): text = "integer, \(minimum) or more"
        case .integer(nil): text = "integer"
        case .boolean: text = "true or false"
        case .secret: text = "secret"
        case .choice(let words): text = "one of " + words.joined(separator: ", ")
        case .stringList: text = "list of names"
        case .choiceMap(let words): text = "name: one of " + words.joined(separator: ", ")
        case .other(let words): text = words
        }
        return complete ? text + " (complete)" : text
    }
}

extension Value {
    /// A default as a page shows it: text unquoted.
    var docsText: String { string ?? description }
}
