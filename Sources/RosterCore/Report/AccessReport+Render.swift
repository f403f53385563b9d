extension AccessReport {
    static let csvColumns = ["backend", "type", "kind", "account", "owner", "owner_state", "administrator",
                             "roster_login", "orphan", "still_working", "state", "roles", "groups", "keys"]

    /// One row per account, for a spreadsheet. Lists are joined with `; `. A cell a spreadsheet
    /// would take for a formula (`=`, `+`, `-`, `@`) is prefixed with `'`: the values come from
    /// the live systems.
    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for backend in backends {
            let orphans = Set(backend.orphans), still = Set(backend.stillWorking)
            for account in backend.accounts {
                let cells = [backend.name, backend.type, account.kind, account.account, account.owner ?? "",
                             account.ownerState ?? "", String(account.administrator), String(account.rosterLogin),
                             String(orphans.contains(account.account)), String(still.contains(account.account)),
                             account.state, account.roles.joined(separator: "; "),
                             account.groups.joined(separator: "; "), account.keys.joined(separator: "; ")]
                lines.append(cells.map(Self.csvCell).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvCell(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        // Scalars, not characters: "\r\n" is one character, which a lone "\n" is not.
        guard text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A review for an issue or a pull request: per backend, the totals, the orphans, the accounts
    /// that should not work, the grants that end soon and every account. Every cell is escaped.
    public func markdown() -> String {
        let e = MarkdownRenderer.escape
        var out = "### roster access review, \(date)\n\n"
        out += "| backend | type | accounts | owned | orphans | administrators | still working | ending within \(endingWithinDays) days |\n"
        out += "|---|---|--:|--:|--:|--:|--:|--:|\n"
        for b in backends {
            let t = b.totals
            out += "| \(e(b.name)) | \(e(b.type)) | \(t.accounts) | \(t.owned) | \(t.orphans) | \(t.administrators) | \(t.stillWorking) | \(t.ending) |\n"
        }
        for b in backends {
            out += "\n#### \(e(b.name)) (\(e(b.type)))\n\n"
            let byName = Dictionary(b.accounts.map { ($0.account, $0) }, uniquingKeysWith: { a, _ in a })
            out += "**Orphans** (no person owns them): "
            out += b.orphans.isEmpty ? "none\n" : "\n\n" + b.orphans.map { name in
                "- \(e(name))" + (byName[name]?.administrator == true ? " (**administrator**)" : "")
            }.joined(separator: "\n") + "\n"
            out += "\n**Accounts of disabled or absent people that still work**: "
            out += b.stillWorking.isEmpty ? "none\n" : "\n\n" + b.stillWorking.map { name in
                "- \(e(name)) (\(e(byName[name]?.owner ?? "")), \(e(byName[name]?.ownerState ?? "")))"
            }.joined(separator: "\n") + "\n"
            out += "\n**Ending within \(endingWithinDays) days**: "
            out += b.ending.isEmpty ? "none\n" : "\n\n" + b.ending.map {
                "- \(e($0.what)): \($0.until) (in \($0.days) days, \(e($0.source)))"
            }.joined(separator: "\n") + "\n"
            out += "\n| account | owner | state | roles | groups | keys |\n|---|---|---|---|---|---|\n"
            for a in b.accounts {
                let owner = a.owner.map { e($0) + (a.ownerState.map { " (\($0))" } ?? "") }
                    ?? (a.rosterLogin ? "*roster's login*" : "**orphan**")
                let name = e(a.account) + (a.administrator ? " (admin)" : "")
                out += "| \(name) | \(owner) | \(a.state) | \(e(a.roles.joined(separator: ", "))) | "
                    + "\(e(a.groups.joined(separator: ", "))) | \(e(a.keys.joined(separator: ", "))) |\n"
            }
        }
        return out
    }
}
