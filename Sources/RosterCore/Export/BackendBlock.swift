import Foundation
import RosterYAML

/// A backend's block as `roster import` writes it: copied from the config as written, except
/// that a literal secret becomes a `${env:NAME}` placeholder and relative paths follow the file.
public struct BackendBlock: Sendable {
    /// The block to write.
    public var value: ExportValue
    /// Every environment variable the block reads, placeholders and references kept alike.
    public var environment: [String]

    /// Keys whose value is a path relative to the config's folder.
    static let pathKeys: Set<String> = ["seed", "state", "ca_file", "protocol_log"]

    /// `secretKeys` are the provider's keys that hold secrets; `outputFolder` is where the new
    /// config goes (nil: the config's own folder), so that relative paths still name the same files.
    public init(_ backend: BackendConfig, secretKeys: [String], configFolder: String, outputFolder: String?) {
        let relocate: (String) -> String = { path in
            guard let outputFolder, !path.hasPrefix("/"),
                  Self.standard(outputFolder) != Self.standard(configFolder) else { return path }
            return Self.standard(configFolder + "/" + path)
        }
        var environment: [String] = []
        var entries: [ExportValue.Entry] = []
        for entry in backend.node.entries {
            let key = entry.key.scalar ?? ""
            let node = entry.value
            if secretKeys.contains(key), node.kind == .scalar, let text = node.scalar {
                entries.append(.init(key, .string(Self.secret(text, backend: backend.name, key: key,
                                                              relocate: relocate, environment: &environment))))
            } else if Self.pathKeys.contains(key), node.kind == .scalar, let text = node.scalar {
                entries.append(.init(key, .string(relocate(text))))
            } else if key == "program", outputFolder != nil {
                entries.append(.init(key, Self.program(node, configFolder: configFolder, relocate: relocate)))
            } else {
                entries.append(.init(key, Self.copy(node)))
            }
        }
        value = .mapping(entries)
        self.environment = environment
    }

    /// An external provider's `program` runs in the config's folder. Its first word is a program
    /// looked up on PATH unless it holds a `/`, so only such a relative path follows the file; a
    /// later argument is taken for a path (and made absolute) when it is relative and names a file
    /// or folder that exists beside the config. Anything else (flags, words) is kept as written.
    static func program(_ node: YAMLNode, configFolder: String, relocate: (String) -> String) -> ExportValue {
        func argument(_ text: String, first: Bool) -> String {
            guard !text.hasPrefix("/"), !text.isEmpty else { return text }
            if first { return text.contains("/") ? relocate(text) : text }
            let exists = FileManager.default.fileExists(atPath: configFolder + "/" + text)
            return exists ? relocate(text) : text
        }
        switch node.kind {
        case .scalar where node.scalar != nil && !node.isNull:
            return .string(argument(node.scalar!, first: true))
        case .sequence where node.items.allSatisfy({ $0.kind == .scalar && $0.scalar != nil }):
            return .list(node.items.enumerated().map { index, item in
                let text = item.scalar!
                let moved = argument(text, first: index == 0)
                return moved == text ? copy(item) : .string(moved)
            })
        default:
            return copy(node)
        }
    }

    /// A reference is kept (a `${file:}` path relocated); a literal becomes `${env:BACKEND_KEY}`.
    static func secret(_ text: String, backend: String, key: String, relocate: (String) -> String,
                       environment: inout [String]) -> String {
        if text.hasPrefix("${env:"), text.hasSuffix("}") {
            environment.append(String(text.dropFirst(6).dropLast()))
            return text
        }
        if text.hasPrefix("${file:"), text.hasSuffix("}") {
            return "${file:" + relocate(String(text.dropFirst(7).dropLast())) + "}"
        }
        let name = placeholder(backend: backend, key: key)
        environment.append(name)
        return "${env:\(name)}"
    }

    /// `uyuni-prod` and `password` give `UYUNI_PROD_PASSWORD`.
    public static func placeholder(backend: String, key: String) -> String {
        let text = (backend + "_" + key).uppercased().unicodeScalars.map { c -> Character in
            ("A"..."Z").contains(c) || ("0"..."9").contains(c) ? Character(c) : "_"
        }
        let name = String(text)
        return name.first?.isNumber == true ? "_" + name : name
    }

    /// A node as written: plain scalars keep their text (so `30` stays a number), quoted ones are strings.
    static func copy(_ node: YAMLNode) -> ExportValue {
        switch node.kind {
        case .mapping: return .mapping(node.entries.map { .init($0.key.scalar ?? "", copy($0.value)) })
        case .sequence: return .list(node.items.map(copy))
        case .scalar:
            if node.isNull { return .null }
            let text = node.scalar ?? ""
            return node.isPlain && node.tag == nil ? .plain(text) : .string(text)
        }
    }

    static func standard(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
