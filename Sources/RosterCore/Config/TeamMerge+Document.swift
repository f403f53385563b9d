import RosterYAML

/// YAML text of a node, in flow style, read back as the same values: plain scalars stay plain
/// (so `true` stays a bool), others are double-quoted, tags are kept.
enum AccountText {
    static func render(_ node: YAMLNode) -> String {
        let tag = node.tag.map { "!<\($0)> " } ?? ""
        switch node.kind {
        case .sequence: return tag + "[" + node.items.map(render).joined(separator: ", ") + "]"
        case .mapping:
            return tag + "{" + node.entries.map { quoted($0.key.scalar ?? "") + ": " + render($0.value) }
                .joined(separator: ", ") + "}"
        case .scalar:
            let text = node.scalar ?? ""
            if node.isPlain {
                if text.isEmpty { return tag + "null" }
                if isSafePlain(text) { return tag + text }
            }
            return tag + quoted(text)
        }
    }

    /// Plain text that means the same in a flow collection.
    static func isSafePlain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, !",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) else { return false }
        // `-`, `?` and `:` start a plain scalar only when a non-space follows (`-5`).
        if "-?:".unicodeScalars.contains(first), scalars.count < 2 || scalars[1] == " " { return false }
        return !text.unicodeScalars.contains { ",[]{}#\n\r\t".unicodeScalars.contains($0) }
            && !text.contains(": ") && !text.hasSuffix(":") && !text.hasSuffix(" ")
    }

    /// Double-quoted, every character the YAML reader must not take as markup escaped.
    static func quoted(_ text: String) -> String { YAMLEmitter.quoted(text) }
}

extension MergedAccount {
    /// The merged account as a document of its own, and a map from its places back to the
    /// config's. The document's file name is never shown: every place is mapped back.
    func document(person: String) -> (node: YAMLNode, places: PlaceMap)? {
        let file = "\u{1}team merge of \(person) on \(backend)"
        var text = ""
        for entry in entries {
            let value = entry.items.map { "[" + $0.map(\.text).joined(separator: ", ") + "]" }
                ?? entry.value.map(AccountText.render) ?? "null"
            text += AccountText.quoted(entry.key) + ": " + value + "\n"
        }
        if entries.isEmpty { text = "{}\n" }
        guard let document = try? YAMLDocument.parse(text, file: file) else { return nil }
        var places = PlaceMap(file: file, fallback: location)
        let root = document.root
        places.exact[root.location] = location
        for (i, field) in root.entries.enumerated() where i < entries.count {
            let entry = entries[i]
            places.exact[field.key.location] = entry.keyNode.location
            places.lines[field.key.line] = (entry.value ?? entry.keyNode).location
            if let items = entry.items {
                places.exact[field.value.location] = entry.keyNode.location
                for (j, item) in field.value.items.enumerated() where j < items.count {
                    places.exact[item.location] = items[j].node.location
                }
            } else if let value = entry.value {
                places.exact[field.value.location] = value.location
            }
        }
        return (root, places)
    }
}

/// Places of a merged account's document, mapped back to the config's files.
struct PlaceMap {
    var file: String
    var fallback: SourceLocation?
    var exact: [SourceLocation: SourceLocation] = [:]
    var lines: [Int: SourceLocation] = [:]

    func map(_ location: SourceLocation?) -> SourceLocation? {
        guard let location, location.file == file else { return location }
        return exact[location] ?? lines[location.line] ?? fallback
    }

    func map(_ diagnostic: Diagnostic) -> Diagnostic {
        var mapped = diagnostic
        mapped.location = map(diagnostic.location)
        mapped.notes = diagnostic.notes.map { .init($0.message, at: map($0.location)) }
        return mapped
    }
}
