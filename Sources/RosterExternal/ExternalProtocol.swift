import RosterCore

/// The external-provider protocol: newline-delimited JSON over a program's stdin and stdout,
/// one request and one response at a time. See docs/external-provider.md and
/// schemas/external-provider.schema.json.
public enum ExternalProtocol {
    /// The version roster speaks; every message carries it as `roster_protocol`.
    public static let version = 1

    public enum Method: String, Sendable, CaseIterable {
        /// The program's kinds and capabilities.
        case describe
        /// Opens the program's connection to the live system.
        case connect
        /// Live objects.
        case fetch
        /// Carries out one change.
        case apply
        /// Which declared passwords the system refuses, without changing anything.
        case verifyPasswords = "verify_passwords"
    }

    /// What `describe` answered.
    public struct Description: Sendable {
        public var name: String
        public var kinds: [ResourceKind]
        public var verifiesPasswords: Bool
        /// Whether `fetch` honours `named_only` (returns only the named objects and their children).
        public var fetchesNamedOnly = false
    }

    static func parseDescription(_ result: WireValue) -> Description? {
        guard let name = result["name"]?.string, let kinds = result["kinds"]?.array else { return nil }
        var parsed: [ResourceKind] = []
        for kind in kinds {
            guard let kindName = kind["name"]?.string,
                  let key = kind["key"]?.array?.compactMap(\.string), !key.isEmpty else { return nil }
            var attributes: [AttributeSpec] = []
            for attribute in kind["attributes"]?.array ?? [] {
                guard let attributeName = attribute["name"]?.string,
                      let access = Self.access(attribute["access"]?.string ?? "read_write") else { return nil }
                attributes.append(AttributeSpec(attributeName, access, sensitive: attribute["sensitive"]?.bool ?? false))
            }
            var parents: [Dependency] = []
            for parent in kind["parents"]?.array ?? [] {
                guard let parentKind = parent["kind"]?.string, let fields = parent["key"]?.array?.compactMap(\.int)
                else { return nil }
                parents.append(Dependency(parentKind, key: fields,
                                          cascadesOnDelete: parent["cascades_on_delete"]?.bool ?? true))
            }
            parsed.append(ResourceKind(kindName, key: key, attributes: attributes, parents: parents))
        }
        var description = Description(name: name, kinds: parsed,
                                      verifiesPasswords: result["capabilities"]?["verify_passwords"]?.bool ?? false)
        description.fetchesNamedOnly = result["capabilities"]?["named_only"]?.bool ?? false
        return description
    }

    static func access(_ text: String) -> AttributeSpec.Access? {
        switch text {
        case "read_write": .readWrite
        case "write_only": .writeOnly
        case "read_only": .readOnly
        default: nil
        }
    }

    /// Differences between the kinds roster declares for a type and those a program describes,
    /// one phrase each; empty when they agree on names, keys, attributes and parents.
    public static func differences(declared: [ResourceKind], described: [ResourceKind]) -> [String] {
        var problems: [String] = []
        let byName = Dictionary(described.map { ($0.name, $0) }) { a, _ in a }
        for kind in declared {
            guard let other = byName[kind.name] else { problems.append("kind '\(kind.name)' is missing"); continue }
            if other.keyFields != kind.keyFields {
                problems.append("kind '\(kind.name)' is keyed by \(other.keyFields), not \(kind.keyFields)")
            }
            for attribute in kind.attributes where other.attribute(attribute.name)?.access != attribute.access {
                problems.append("attribute '\(attribute.name)' of '\(kind.name)' is missing or has another access")
            }
            if Set(other.parents) != Set(kind.parents) { problems.append("kind '\(kind.name)' has other parents") }
        }
        let known = Set(declared.map(\.name))
        for kind in described where !known.contains(kind.name) { problems.append("kind '\(kind.name)' is unknown") }
        return problems
    }
}
