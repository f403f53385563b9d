import Foundation
import RosterYAML

/// Typed reads from YAML nodes that report a wrong type at the node and resolve secret references.
public struct ValueReader {
    public let bag: DiagnosticBag
    /// Environment for `${env:NAME}`.
    public let environment: [String: String]
    /// Folder that `${file:PATH}` and other relative paths start from.
    public let baseDirectory: String
    /// Folders besides `baseDirectory` that `${file:PATH}` may read (`--secrets-dir`).
    public let secretsDirectories: [String]

    public init(bag: DiagnosticBag, environment: [String: String], baseDirectory: String,
                secretsDirectories: [String] = []) {
        self.bag = bag
        self.environment = environment
        self.baseDirectory = baseDirectory
        self.secretsDirectories = secretsDirectories
    }

    public func string(_ node: YAMLNode, _ what: String) -> String? {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar else {
            bag.error("'\(what)' must be a string", at: node.location, notes: Self.got(node))
            return nil
        }
        if text.hasPrefix("${") && text.hasSuffix("}") {
            bag.error("'\(what)' cannot take a reference; only secret fields (passwords, tokens) do",
                      at: node.location)
            return nil
        }
        return text
    }

    public func int(_ node: YAMLNode, _ what: String) -> Int? {
        guard node.kind == .scalar, node.isPlain, let value = node.int else {
            bag.error("'\(what)' must be an integer", at: node.location, notes: Self.got(node))
            return nil
        }
        return value
    }

    /// An integer no smaller than `minimum`; a smaller one is an error at its place, and nil.
    public func int(_ node: YAMLNode, _ what: String, atLeast minimum: Int) -> Int? {
        guard let value = int(node, what) else { return nil }
        guard value >= minimum else {
            bag.error("'\(what)' must be \(minimum == 0 ? "0 or more" : "at least \(minimum)")", at: node.location)
            return nil
        }
        return value
    }

    public func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard node.kind == .scalar, node.isPlain, let value = node.bool else {
            bag.error("'\(what)' must be true or false", at: node.location, notes: Self.got(node))
            return nil
        }
        return value
    }

    public func stringList(_ node: YAMLNode, _ what: String) -> [String]? {
        guard node.kind == .sequence else {
            bag.error("'\(what)' must be a list of strings", at: node.location, notes: Self.got(node))
            return nil
        }
        var out: [String] = []
        out.reserveCapacity(node.count)
        for item in node.items {
            guard let s = string(item, what) else { return nil }
            out.append(s)
        }
        return out
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as: T.Type) -> T?
    where T.RawValue == String {
        choice(node, what, among: T.allCases.map(\.rawValue)).flatMap(T.init(rawValue:))
    }

    /// One of `allowed`; another word is an error at its place, naming the closest allowed one.
    public func choice(_ node: YAMLNode, _ what: String, among allowed: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        if allowed.contains(text) { return text }
        bag.error("'\(what)' must be one of \(allowed.joined(separator: ", ")), not '\(text)'", at: node.location,
                  notes: Suggestion.note(for: text, in: allowed))
        return nil
    }

    /// A secret: a literal, `${env:NAME}` or `${file:PATH}`.
    public func secret(_ node: YAMLNode, _ what: String) -> Secret? {
        guard node.kind == .scalar, !node.isNull, let text = node.scalar else {
            bag.error("'\(what)' must be a string", at: node.location, notes: Self.got(node))
            return nil
        }
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return Secret(text) }
        let reference = text.dropFirst(2).dropLast()
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name] else {
                bag.error("environment variable '\(name)' is not set", at: node.location,
                          notes: [.init("'\(what)' reads it through '${env:\(name)}'")])
                return nil
            }
            return Secret(value)
        }
        if reference.hasPrefix("file:") {
            let path = resolvePath(String(reference.dropFirst(5)))
            let data: Data
            let rule = SecretFileRule(roots: [baseDirectory] + secretsDirectories)
            switch rule.read(path, maxSize: Self.maxSecretFileSize) {
            case .success(let read): data = read
            case .failure(let reason):
                bag.error("cannot read secret file '\(path)': \(reason)", at: node.location,
                          notes: [.init(SecretFileRule.description)])
                return nil
            }
            guard let value = String(validating: data, as: UTF8.self) else {
                bag.error("secret file '\(path)' is not UTF-8 text", at: node.location)
                return nil
            }
            return Secret(value.hasSuffix("\n") ? String(value.dropLast()) : value)
        }
        bag.error("unknown reference '\(text.prefix(40))'; use '${env:NAME}' or '${file:PATH}'", at: node.location)
        return nil
    }

    /// Largest `${file:}` secret read: a password, a key or a token, never a whole file system.
    static let maxSecretFileSize = 64 << 10

    public func resolvePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }

    static func got(_ node: YAMLNode) -> [Diagnostic.Note] {
        switch node.kind {
        case .mapping: [.init("found a mapping")]
        case .sequence: [.init("found a list")]
        case .scalar: node.isNull ? [.init("found nothing (null)")] : [.init("found '\(node.scalar ?? "")'")]
        }
    }
}

extension YAMLNode {
    /// Calls `body` for each entry of a mapping whose key is a scalar; reports an error if this is
    /// not a mapping.
    public func forEachEntry(_ what: String, _ bag: DiagnosticBag, _ body: (String, YAMLNode, YAMLEntry) -> Void) {
        guard kind == .mapping else {
            if !(kind == .scalar && isNull) {
                bag.error("'\(what)' must be a mapping", at: location, notes: ValueReader.got(self))
            }
            return
        }
        for entry in entries {
            body(entry.key.scalar ?? "", entry.value, entry)
        }
    }
}

extension DiagnosticBag {
    public func unknownKey(_ key: String, in what: String, at location: SourceLocation, known: [String]) {
        error("unknown key '\(key)' in \(what)", at: location, notes: Suggestion.note(for: key, in: known))
    }
}
