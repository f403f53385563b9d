/// The plan as a review diff, grouped by person then backend (objects no person owns after the
/// people): `+` create, `~` update with old → new per attribute, `-` delete; in each group the
/// deletions and removals come first.
public struct TextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ plan: Plan) -> String {
        var out = ""
        for group in plan.groups {
            out += paint(group.owner ?? Plan.unowned, .bold) + "  (\(group.counts))\n"
            for backend in plan.backends {
                let actions = group.actions(of: backend.name)
                guard !actions.isEmpty else { continue }
                out += "  \(backend.name) (\(backend.type))\n"
                for action in actions { out += render(action.change, indent: "    ") }
            }
            out += "\n"
        }
        if !plan.pendingConnections.isEmpty {
            out += paint("Takes effect after merge (not contacted: the change adds, removes or reconnects it)", .bold) + "\n"
            for pending in plan.pendingConnections { out += paint("  ! " + pending.summary, .yellow) + "\n" }
            out += "\n"
        }
        return out + warnings(plan.warnings) + plan.summary + "\n"
    }

    /// The warnings as the CLI prints them on stderr (`file:line:col: warning: message`, notes
    /// below), under a heading of their own; nothing when there are none.
    func warnings(_ warnings: [Diagnostic]) -> String {
        guard !warnings.isEmpty else { return "" }
        var text = paint("Warnings:", .yellow) + "\n"
        for warning in warnings {
            var only = warning
            only.notes = []
            text += "  \(only)\n"
            for note in warning.notes { text += "    " + Diagnostic.line(note.location, "note", note.message) + "\n" }
        }
        return text + "\n"
    }

    func render(_ change: Change, indent: String = "  ") -> String {
        let name = "\(change.id.kind) \(change.id.keyString)" + (change.via.map { "  (via \($0))" } ?? "")
            + (change.generatesSecret ? "  (\(Change.generatesSecretNote))" : "")
        switch change.operation {
        case .create:
            var text = paint("\(indent)+ \(name)", .green) + "\n"
            for attribute in change.after ?? [:] {
                let shown = change.shown(attribute.name, attribute.value)
                text += "\(indent)    \(shown.name): \(shown.value)\n"
            }
            return text
        case .update:
            var text = paint("\(indent)~ \(name)", .yellow) + "\n"
            for attribute in change.after ?? [:] {
                text += "\(indent)    " + change.shownUpdate(attribute) + "\n"
            }
            return text
        case .delete:
            let why = change.reason.map { "  (\($0.rawValue))" } ?? ""
            return paint("\(indent)- \(name)", .red) + why + "\n"
        }
    }

    enum Style: String {
        case bold = "1", green = "32", yellow = "33", red = "31"
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
