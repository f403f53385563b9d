/// The plan as a pull-request comment: a summary table per backend, then the changes grouped by
/// the person they belong to (objects without an owner in a group of their own). Large groups,
/// or every group of a large plan, are collapsed into `<details>`.
///
/// Rendered from the same `Plan` as the text and JSON forms. Every value goes through
/// `Value.description`, so a secret can only ever appear as `(sensitive)`; every cell is escaped,
/// so a value cannot break the table or inject Markdown or HTML.
public struct MarkdownRenderer: Sendable {
    /// A group with more changes than this is collapsed.
    public var groupLimit: Int
    /// In a plan with more changes than this, every group is collapsed.
    public var planLimit: Int
    /// Bytes the Markdown may take. GitHub refuses a comment past 65,536 characters, so groups
    /// that would pass this are left out and counted at the end.
    public var maxLength: Int

    public init(groupLimit: Int = 10, planLimit: Int = 50, maxLength: Int = 60_000) {
        self.groupLimit = groupLimit
        self.planLimit = planLimit
        self.maxLength = maxLength
    }

    /// The heading of the group of objects that belong to no person.
    public static let unowned = "Not owned by a person"

    public func render(_ plan: Plan) -> String {
        var out = "### roster plan\n\n" + pendingSection(plan)
        if plan.isEmpty { return out + plan.summary + "\n" + warnings(plan.warnings) }
        out += summaryTable(plan) + "\n**" + plan.summary + "**\n" + warnings(plan.warnings)
        var length = out.utf8.count
        let groups = groups(plan)
        for (n, group) in groups.enumerated() {
            let text = "\n" + render(group, collapsed: plan.actions.count > planLimit || group.actions.count > groupLimit)
            length += text.utf8.count
            // Room is kept for the closing note.
            if length > maxLength - 200 { return out + omitted(groups[n...]) }
            out += text
        }
        return out
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

    func omitted(_ groups: ArraySlice<Group>) -> String {
        let changes = groups.reduce(0) { $0 + $1.actions.count }
        return "\n**\(changes) more change(s) of \(groups.count) group(s) not shown**: the comment would be too long. "
            + "`roster plan` shows the whole plan.\n"
    }

    func summaryTable(_ plan: Plan) -> String {
        var rows = ["| backend | type | create | update | delete |", "|---|---|--:|--:|--:|"]
        for backend in plan.backends where plan.actions.contains(where: { $0.change.id.backend == backend.name }) {
            let counts = [Change.Operation.create, .update, .delete].map { String(plan.count($0, backend: backend.name)) }
            rows.append("| " + ([Self.escape(backend.name), Self.escape(backend.type)] + counts).joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    struct Group {
        var owner: String?
        var actions: [Action]
    }

    /// People in name order, then the objects no person owns; actions keep their plan order.
    func groups(_ plan: Plan) -> [Group] {
        let byOwner = Dictionary(grouping: plan.actions) { owner(of: $0, in: plan) }
        let people = byOwner.keys.compactMap { $0 }.sorted()
        return people.map { Group(owner: $0, actions: byOwner[$0]!) }
            + (byOwner[String?.none].map { [Group(owner: nil, actions: $0)] } ?? [])
    }

    /// A live object removed because its parent is deleted has no owner of its own (the config
    /// never named it); it is shown with the person whose deletion it is removed for.
    func owner(of action: Action, in plan: Plan) -> String? {
        if let owner = action.change.owner { return owner }
        guard action.change.reason == .parentDeleted else { return nil }
        return plan.actions.first { $0.dependsOn.contains(action.index) && $0.change.owner != nil }?.change.owner
    }

    func render(_ group: Group, collapsed: Bool) -> String {
        let name = group.owner ?? Self.unowned
        let steps = group.actions.count(where: \.change.isTrailing)
        let counts = ([Change.Operation.create, .update, .delete].compactMap { operation -> String? in
            let n = group.actions.count { $0.change.operation == operation && !$0.change.isTrailing }
            return n == 0 ? nil : "\(n) to \(operation.rawValue)"
        } + (steps == 0 ? [] : ["\(steps) commit step\(steps == 1 ? "" : "s")"])).joined(separator: ", ")
        var rows = ["| | backend | object | change |", "|---|---|---|---|"]
        rows += group.actions.map { row($0.change) }
        let table = rows.joined(separator: "\n") + "\n"
        if collapsed {
            // Inside HTML, GitHub renders no Markdown: only HTML escaping applies.
            return "<details><summary><b>\(Self.escapeHTML(name))</b>: \(counts)</summary>\n\n" + table + "\n</details>\n"
        }
        return "#### \(Self.escape(name)): \(counts)\n\n" + table
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

    /// What a change does, on one line: the values a create sets, old → new for an update, the
    /// reason for a delete.
    func detail(_ change: Change) -> String {
        switch change.operation {
        case .create:
            let attributes = (change.after ?? [:]).map { Self.escape("\($0.name): \($0.value)") }
            return attributes.isEmpty ? "create" : "create: " + attributes.joined(separator: "<br>")
        case .update:
            let attributes = (change.after ?? [:]).map { attribute in
                let old = change.before?[attribute.name].map(\.description) ?? "(unset)"
                let shownOld = attribute.value.isSensitive ? Secret.redacted : old
                return Self.escape("\(attribute.name): \(shownOld) → \(attribute.value)")
            }
            return "update: " + attributes.joined(separator: "<br>")
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
