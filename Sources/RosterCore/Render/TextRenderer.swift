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
        return out + plan.summary + "\n"
    }

    func render(_ change: Change) -> String {
        let name = "\(change.id.kind) \(change.id.keyString)" + (change.via.map { "  (via \($0))" } ?? "")
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
