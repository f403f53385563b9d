/// The plan as a review diff: `+` create, `~` update with old → new per attribute, `-` delete.
public struct TextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ plan: Plan) -> String {
        var out = ""
        for backend in plan.backends {
            let actions = plan.actions.filter { $0.change.id.backend == backend.name }
            guard !actions.isEmpty else { continue }
            out += paint("\(backend.name) (\(backend.type))", .bold) + "\n"
            for action in actions { out += render(action.change) }
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

    func render(_ change: Change) -> String {
        let name = "\(change.id.kind) \(change.id.keyString)" + (change.via.map { "  (via \($0))" } ?? "")
            + (change.generatesSecret ? "  (\(Change.generatesSecretNote))" : "")
        switch change.operation {
        case .create:
            var text = paint("  + \(name)", .green) + "\n"
            for attribute in change.after ?? [:] {
                text += "      \(attribute.name): \(attribute.value)\n"
            }
            return text
        case .update:
            var text = paint("  ~ \(name)", .yellow) + "\n"
            for attribute in change.after ?? [:] {
                let old = change.before?[attribute.name].map(\.description) ?? "(unset)"
                let shownOld = attribute.value.isSensitive ? Secret.redacted : old
                text += "      \(attribute.name): \(shownOld) → \(attribute.value)\n"
            }
            return text
        case .delete:
            let why = change.reason.map { "  (\($0.rawValue))" } ?? ""
            return paint("  - \(name)", .red) + why + "\n"
        }
    }

    enum Style: String {
        case bold = "1", green = "32", yellow = "33", red = "31"
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
