/// `roster import` maps a live attribute back to its account key through the provider's table.
extension ExportMapping {
    /// Sets the key of `table` that sets `attribute` to the live value, if there is one; with
    /// `skippingDefault`, a value that is the key's default on create is left out, as a new
    /// account would have it anyway. An empty list is left out.
    /// A value the key cannot take (text where it takes a number) is left out too.
    public mutating func set(_ table: AccountKeyTable, attribute: String, from attributes: Attributes,
                             skippingDefault: Bool = false) {
        guard let key = table.key(setting: attribute), let value = attributes[attribute], key.takes(value) else { return }
        if skippingDefault, value == key.defaultOnCreate { return }
        set(key.name, ExportValue(value))
    }

    /// Sets every key the table reads itself (the simple ones), in the table's order.
    public mutating func setSimpleKeys(_ table: AccountKeyTable, from attributes: Attributes, skippingDefaults: Bool) {
        for key in table.keys where key.reader == .table {
            guard let attribute = key.attribute else { continue }
            set(table, attribute: attribute, from: attributes, skippingDefault: skippingDefaults)
        }
    }
}

extension ExportValue {
    /// A live value as the config writes it; nil for what a config does not hold (a secret,
    /// nothing, an empty list).
    init?(_ value: Value) {
        switch value {
        case .string(let text): self = .string(text)
        case .int(let number): self = .int(number)
        case .bool(let flag): self = .bool(flag)
        case .list(let items):
            let texts = items.compactMap(\.string)
            guard !texts.isEmpty, texts.count == items.count else { return nil }
            self = .strings(texts)
        case .secret, .null: return nil
        }
    }
}

extension AccountKey {
    /// Whether the key can give this value, so that importing it plans no change.
    public func takes(_ value: Value) -> Bool {
        switch (type, value) {
        case (.string, .string), (.boolean, .bool), (.stringList, .list): true
        case (.choice(let words), .string(let word)): words.contains(word)
        case (.integer(let minimum), .int(let number)): number >= (minimum ?? .min)
        default: false
        }
    }
}
