/// The plan as a pull-request comment: a summary table per backend, then the changes grouped by
/// the person they belong to (objects without an owner in a group of their own), deletions and
/// removals first in each group. Large groups, or every group of a large plan, are collapsed into
/// `<details>`. A plan too long for a comment keeps every deletion and cuts creates and updates.
///
/// Rendered from the same `Plan` as the text and JSON forms. Every value goes through
/// `Value.description`, so a secret can only ever appear as `(sensitive)`; every cell is escaped,
/// so a value cannot break the table or inject Markdown or HTML.
public struct MarkdownRenderer: Sendable {
    /// A group with more changes than this is collapsed.
    public var groupLimit: Int
    /// In a plan with more changes than this, every group is collapsed.
    public var planLimit: Int
    /// Bytes the Markdown may take. GitHub refuses a comment past 65,536 characters, so creates
    /// and updates that would pass this are left out and counted at the end.
    public var maxLength: Int

    public init(groupLimit: Int = 10, planLimit: Int = 50, maxLength: Int = 60_000) {
        self.groupLimit = groupLimit
        self.planLimit = planLimit
        self.maxLength = maxLength
    }

    /// The heading of the group of objects that belong to no person.
    public static let unowned = Plan.unowned

    public func render(_ plan: Plan) -> String {
        var out = "### roster plan\n\n" + pendingSection(plan)
        if plan.isEmpty { return out + plan.summary + "\n" + warnings(plan.warnings) }
        out += summaryTable(plan) + "\n**" + plan.summary + "**\n" + warnings(plan.warnings)
        let groups = plan.groups
        let collapsedPlan = plan.actions.count > planLimit
        let whole = groups.map { "\n" + render($0, rows: $0.actions, collapsed: collapsedPlan || $0.actions.count > groupLimit) }
        // Room is kept for the closing note.
        if out.utf8.count + whole.reduce(0, { $0 + $1.utf8.count }) <= maxLength - 300 { return out + whole.joined() }
        return out + cut(groups, room: maxLength - 300 - out.utf8.count)
    }

    /// The warnings as a list, before the changes so that a long plan never cuts them; past a
    /// quarter of `maxLength` the rest are counted. Escaped as every cell is.
    func warnings(_ warnings: [Diagnostic]) -> String {
        guard !warnings.isEmpty else { return "" }
        var out = "\n#### Warnings\n\n"
        for (n, warning) in warnings.enumerated() {
            var item = "- ⚠️ " + Self.escape(Self.placed(warning.location, warning.message)) + "\n"
            for note in warning.notes { item += "  - note: " + Self.escape(Self.placed(note.location, note.message)) + "\n" }
            if out.utf8.count + item.utf8.count > maxLength / 4 {
                return out + "- \(warnings.count - n) more warning(s) not shown: `roster plan` shows them all.\n"
            }
            out += item
        }
        return out
    }

    static func placed(_ location: (some CustomStringConvertible)?, _ message: String) -> String {
        location.map { "\($0): \(message)" } ?? message
    }

    /// The backends a pull-request plan did not contact, with the connection keys that changed.
    func pendingSection(_ plan: Plan) -> String {
        guard !plan.pendingConnections.isEmpty else { return "" }
        var rows = ["**Takes effect after merge**: not contacted, because the change adds, removes or reconnects them.", "",
                    "| backend | type | change | keys changed |", "|---|---|---|---|"]
        for pending in plan.pendingConnections {
            rows.append("| " + [pending.backend, pending.type, pending.change.rawValue, pending.details].map(Self.escape).joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n") + "\n\n"
    }

    /// A plan too long for a comment: every deletion and removal is kept, and creates and updates
    /// fill the room that is left, group by group; the note at the end counts what was cut.
    func cut(_ groups: [PlanGroup], room: Int) -> String {
        let deletions = groups.map { $0.actions.filter { $0.change.operation == .delete } }
        var left = room - zip(groups, deletions).reduce(0) { total, pair in
            pair.1.isEmpty ? total : total + ("\n" + render(pair.0, rows: pair.1, collapsed: true)).utf8.count
        }
        var out = "", cutActions = 0, cutGroups = 0, cutDeletions = 0
        for (group, deleted) in zip(groups, deletions) {
            var rows = deleted
            if deleted.isEmpty { left -= ("\n" + render(group, rows: [], collapsed: true)).utf8.count }
            for action in group.actions where action.change.operation != .delete {
                let cost = row(action.change).utf8.count + 1
                guard cost <= left else { cutActions += 1; continue }
                left -= cost
                rows.append(action)
            }
            if rows.isEmpty { cutGroups += 1; continue }
            rows.sort { (PlanGroup.rank($0.change), $0.index) < (PlanGroup.rank($1.change), $1.index) }
            let text = "\n" + render(group, rows: rows, collapsed: true)
            // Only when the deletions alone pass the comment's room (hundreds of them) are any cut.
            if out.utf8.count + text.utf8.count > room { cutDeletions += deleted.count; cutActions += rows.count - deleted.count; continue }
            out += text
        }
        return out + omitted(creates: cutActions, groups: cutGroups, deletions: cutDeletions)
    }

    func omitted(creates: Int, groups: Int, deletions: Int) -> String {
        var note = "\n**\(creates) create(s) and update(s) not shown"
        if groups > 0 { note += " (\(groups) group(s) left out whole)" }
        note += "**: the comment would be too long; every deletion and removal is shown. "
        if deletions > 0 {
            note = "\n**⚠️ \(deletions) deletion(s) and \(creates) create(s) and update(s) not shown**: the deletions alone "
                + "pass the comment's room. "
        }
        return note + "`roster plan` shows the whole plan.\n"
    }

    func summaryTable(_ plan: Plan) -> String {
        var rows = ["| backend | type | create | update | delete |", "|---|---|--:|--:|--:|"]
        for backend in plan.backends where plan.actions.contains(where: { $0.change.id.backend == backend.name }) {
            let counts = [Change.Operation.create, .update, .delete].map { String(plan.count($0, backend: backend.name)) }
            rows.append("| " + ([Self.escape(backend.name), Self.escape(backend.type)] + counts).joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A group's heading with its counts (of the whole group), and a table of `rows`.
    func render(_ group: PlanGroup, rows actions: [Action], collapsed: Bool) -> String {
        let name = group.owner ?? Self.unowned
        let counts = group.counts
        let shown = actions.count < group.actions.count ? " (\(actions.count) shown)" : ""
        var rows = ["| | backend | object | change |", "|---|---|---|---|"]
        rows += actions.map { row($0.change) }
        let table = rows.joined(separator: "\n") + "\n"
        if collapsed {
            // Inside HTML, GitHub renders no Markdown: only HTML escaping applies.
            return "<details><summary><b>\(Self.escapeHTML(name))</b>: \(counts)\(shown)</summary>\n\n" + table + "\n</details>\n"
        }
        return "#### \(Self.escape(name)): \(counts)\(shown)\n\n" + table
    }

    func row(_ change: Change) -> String {
        let symbol = switch change.operation {
        case .create: "➕"
        case .update: "✏️"
        case .delete: "➖"
        }
        let object = Self.escape("\(change.id.kind) \(change.id.keyString)" + (change.via.map { " (via \($0))" } ?? ""))
        let secret = change.generatesSecret ? "🔑 " + Self.escape(Change.generatesSecretNote) + "; " : ""
        return "| \(symbol) | \(Self.escape(change.id.backend)) | \(object) | \(secret)\(detail(change)) |"
    }

    /// What a change does, on one line: the values a create sets (as the config writes them),
    /// old → new for an update, the reason for a delete.
    func detail(_ change: Change) -> String {
        switch change.operation {
        case .create:
            let attributes = (change.after ?? [:]).map { attribute in
                let shown = change.shown(attribute.name, attribute.value)
                return Self.escape("\(shown.name): \(shown.value)")
            }
            return attributes.isEmpty ? "create" : "create: " + attributes.joined(separator: "<br>")
        case .update:
            return "update: " + (change.after ?? [:]).map { Self.escape(change.shownUpdate($0)) }.joined(separator: "<br>")
        case .delete:
            return "delete" + (change.reason.map { " (" + Self.escape($0.rawValue) + ")" } ?? "")
        }
    }

    /// Makes text inert inside a table cell: table pipes, Markdown emphasis, links and code, and
    /// HTML. Line breaks never reach here (`Value.description` writes them as `\n`), but are
    /// turned into spaces all the same so that a row stays one line.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|", "\\", "`", "*", "_", "[", "]", "#", "~", "!": out += "\\\(c)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// Makes text inert inside an HTML element.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
