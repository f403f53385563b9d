import Foundation
import RosterYAML

/// The typed config: what `roster.yaml` (or a folder of YAML files) declares.
public struct RosterConfig: Sendable {
    public var version: Int
    /// The files read, in the order read.
    public var files: [String]
    public var backends: [BackendConfig]
    /// The entries of `people`, in file order. They are decoded when the config is resolved, one
    /// person at a time, so a large config never holds every `Person` at once;
    /// `ConfigLoader.people(of:)` decodes them all.
    public var personEntries: PersonEntries
    /// `resources.<backend>`: objects that belong to a backend, not to a person.
    public var resources: [String: YAMLNode]
    /// The folder relative paths and `${file:...}` start from.
    public var baseDirectory: String = "."
    /// A digest of every byte read, so a saved plan can tell which config it was made from.
    public var digest: String
    /// Backends declared with an error that kept them from being decoded: their accounts and
    /// `resources` are not resolved, and not reported as naming an unknown backend either.
    public var undecodedBackends: Set<String> = []
    /// The load's warnings, sorted by place (those of the resolve are `ConfigLoader.Resolved`'s).
    public var warnings: [Diagnostic] = []
    /// `teams:`, by name.
    public var teams: [String: Team] = [:]
    /// `timezone:`: the zone whose calendar day `until:` is compared with (UTC when not set).
    public var timeZone: TimeZone? = nil
    /// `expire_to:`: what a person becomes after their `until:` day, unless they say otherwise.
    public var expireTo: ExpireTo = .disabled

    public func backend(named name: String) -> BackendConfig? { backends.first { $0.name == name } }
}

public enum PruneMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only `state: absent` removes an object (the default).
    case none
    /// The file is authoritative: live objects it lacks are removed, minus `protect`.
    case all
}

public struct BackendConfig: Sendable {
    public var name: String
    public var type: String
    public var url: String
    public var location: SourceLocation
    public var prune: PruneMode
    public var protect: [String]
    /// Concurrent requests at most against this backend.
    public var parallelism: Int?
    /// `url: sandbox` only: the emulator's seed and state files, relative paths resolved.
    public var sandboxSeed: String?
    public var sandboxState: String?
    /// The backend's whole mapping, for the provider's own keys.
    public var node: YAMLNode
    /// What the provider read from `node`.
    public var settings: any ProviderSettings
    /// `safety:`: the limits of the safety rails.
    public var safety = SafetyLimits()
    /// `retry:`: how requests to this backend are retried.
    public var retry = RetrySettings()
    /// `ca_file:` and `insecure:`: how HTTPS connections check the server.
    public var tls = TLSOptions()

    public var isSandbox: Bool { url == "sandbox" }

    /// Whether `protect` names this key (exact or glob with `*` and `?`).
    public func protects(_ key: String) -> Bool {
        protect.contains { Glob.matches($0, key) }
    }

    /// Whether `protect` names this object, its key compared as the server compares it.
    public func protects(_ id: ResourceID, kind: ResourceKind) -> Bool {
        protect.contains { kind.keyMatches(pattern: $0, id.key) }
    }
}

public enum PersonState: String, Sendable, Hashable, Codable, CaseIterable {
    case active, disabled, absent
}

public struct Person: Sendable {
    public var name: String
    public var location: SourceLocation
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var state: PersonState
    public var password: Secret?
    public var passwordUpdate: PasswordUpdate
    public var previousNames: [String]
    public var accounts: [Account]
    /// Where `password` is declared, for errors about the password itself.
    public var passwordLocation: SourceLocation? = nil
    /// Where `email:` is, for the checks of its address.
    public var emailLocation: SourceLocation? = nil
    /// `teams:`: the teams whose accounts the person gets too.
    public var teams: [TeamMembership] = []
    /// `until:`: the last day the person is active; `expire_to:` what they become afterwards.
    public var until: CalendarDay? = nil
    public var untilLocation: SourceLocation? = nil
    public var expireTo: ExpireTo? = nil

    public var fullName: String {
        [firstName, lastName].compactMap { $0 }.joined(separator: " ")
    }
}

/// One person's entry under `accounts:`; its keys belong to the backend's provider.
public struct Account: Sendable {
    public var backend: String
    public var node: YAMLNode
    public var location: SourceLocation { node.location }
}

enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        if !pattern.contains("*") && !pattern.contains("?") { return pattern == text }
        return match(Array(pattern.unicodeScalars), 0, Array(text.unicodeScalars), 0)
    }

    private static func match(_ p: [Unicode.Scalar], _ i: Int, _ t: [Unicode.Scalar], _ j: Int) -> Bool {
        if i == p.count { return j == t.count }
        switch p[i] {
        case "*":
            for k in j...t.count where match(p, i + 1, t, k) { return true }
            return false
        case "?":
            return j < t.count && match(p, i + 1, t, j + 1)
        default:
            return j < t.count && p[i] == t[j] && match(p, i + 1, t, j + 1)
        }
    }
}

/// The entries of the `people` mappings of a config's files, in order, read through the mappings
/// themselves: a handful of mapping views instead of an entry value per person.
public struct PersonEntries: RandomAccessCollection, Sendable {
    private var mappings: [YAMLMapping] = []
    /// The number of entries up to and including each mapping.
    private var ends: [Int] = []
    /// When set, only these entries (positions among all of them), in this order.
    private var selection: [Int]?

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { selection?.count ?? ends.last ?? 0 }

    /// Some of the entries, by position (what a pull-request plan resolves).
    public func selecting(_ positions: [Int]) -> PersonEntries {
        var copy = self
        copy.selection = positions.map { selection?[$0] ?? $0 }
        return copy
    }

    public subscript(position: Int) -> YAMLEntry {
        precondition(position >= 0 && position < endIndex, "person entry index out of range")
        let position = selection?[position] ?? position
        var i = 0
        while ends[i] <= position { i += 1 }
        return mappings[i][position - (i == 0 ? 0 : ends[i - 1])]
    }

    mutating func append(_ mapping: YAMLMapping) {
        guard !mapping.isEmpty else { return }
        precondition(selection == nil, "entries are appended before any is selected")
        mappings.append(mapping)
        ends.append(endIndex + mapping.count)
    }
}
