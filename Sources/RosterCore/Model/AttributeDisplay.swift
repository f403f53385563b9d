/// How every form of the plan a person reads (text, Markdown) shows an attribute that the config
/// writes in another form than the wire value roster compares and sends. The JSON plan keeps the
/// wire value: it is what a saved plan applies.
public enum AttributeDisplay: Sendable, Hashable {
    /// A permission bit mask: `all` when every bit is set, otherwise hexadecimal (`0xff`).
    case mask(all: Int)
    /// Shown under the config's key, some values as the config's words: CTERA's
    /// `password_change_days: -1` is the config's `must_change_password: true`.
    case configKey(String, words: [Int: String])

    /// The config's key for the attribute `name`.
    func name(_ name: String) -> String {
        if case .configKey(let key, _) = self { return key }
        return name
    }

    /// The value as the config writes it.
    func text(_ value: Value) -> String {
        switch self {
        case .mask(let all):
            guard let bits = value.int, bits >= 0 else { return value.description }
            return bits == all ? "all" : bits == 0 ? "0" : "0x" + String(bits, radix: 16)
        case .configKey(_, let words):
            return value.int.flatMap { words[$0] } ?? value.description
        }
    }
}

extension Change {
    /// An attribute as the config writes it (name and value); a secret stays `(sensitive)`.
    public func shown(_ name: String, _ value: Value) -> (name: String, value: String) {
        guard let rule = display[name], !value.isSensitive else { return (name, value.description) }
        return (rule.name(name), rule.text(value))
    }

    /// One attribute of an update, `name: old → new`, as the config writes them. The old value of
    /// a secret is never shown.
    public func shownUpdate(_ attribute: Attributes.Entry) -> String {
        let new = shown(attribute.name, attribute.value)
        let old = attribute.value.isSensitive ? Secret.redacted
            : before?[attribute.name].map { shown(attribute.name, $0).value } ?? "(unset)"
        return "\(new.name): \(old) → \(new.value)"
    }
}
