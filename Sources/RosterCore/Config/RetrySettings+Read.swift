import RosterYAML

extension RetrySettings {
    static let keys = ["attempts", "base_delay", "max_delay", "budget", "read_budget"]

    /// Reads `retry: {attempts: 5, base_delay: 200ms, max_delay: 10s, budget: 1000}` of a backend.
    static func read(_ node: YAMLNode, backend: String, reader: ValueReader) -> RetrySettings {
        var settings = RetrySettings()
        node.forEachEntry("retry", reader.bag) { key, value, entry in
            switch key {
            case "attempts":
                if let n = reader.int(value, "attempts", atLeast: 1) { settings.attempts = n }
            case "base_delay":
                if let d = duration(value, "base_delay", reader) { settings.baseDelay = d }
            case "max_delay":
                if let d = duration(value, "max_delay", reader) { settings.maxDelay = d }
            case "budget":
                if let n = reader.int(value, "budget", atLeast: 0) { settings.budget = n }
            case "read_budget":
                if let d = duration(value, "read_budget", reader) { settings.readBudget = d }
            default:
                reader.bag.unknownKey(key, in: "'retry' of backend '\(backend)'", at: entry.key.location, known: keys)
            }
        }
        if settings.baseDelay > settings.maxDelay {
            reader.bag.error("'base_delay' must not exceed 'max_delay'", at: node.location)
        }
        return settings
    }

    /// `250ms`, `2s`, `1.5s`, `0`.
    static func duration(_ node: YAMLNode, _ what: String, _ reader: ValueReader) -> Duration? {
        if let text = node.scalar, node.kind == .scalar {
            let (number, scale): (Substring, Double) = text.hasSuffix("ms") ? (text.dropLast(2), 1)
                : text.hasSuffix("s") ? (text.dropLast(), 1000) : (Substring(text), text == "0" ? 1 : -1)
            if scale > 0, let value = Double(number), value >= 0 { return .milliseconds(Int64(value * scale)) }
        }
        reader.bag.error("'\(what)' must be a duration such as 200ms or 10s", at: node.location,
                         notes: ValueReader.got(node))
        return nil
    }
}
