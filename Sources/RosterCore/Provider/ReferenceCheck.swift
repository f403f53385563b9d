import RosterYAML

/// The plan-time check that a change refers only to objects that exist: a membership to create
/// names a group (a project, a directory) the live system has or the plan creates. Otherwise apply
/// would be refused half-way; the plan reports it at the reference's line, with the live names.
public struct ReferenceCheck: Sendable {
    /// The changes that refer (`kind`), and which key part names the referred object.
    public var kind: String
    public var keyIndex: Int
    /// What the referred object is called in a message ("system group").
    public var noun: String
    /// The names that exist: live, or created by the plan.
    public var known: Set<String>

    public init(kind: String, keyIndex: Int, noun: String, known: Set<String>) {
        self.kind = kind
        self.keyIndex = keyIndex
        self.noun = noun
        self.known = known
    }

    /// The names of `target` objects live or created by `changes` (their first key part).
    public static func names(of target: String, live: LiveState, changes: [Change]) -> Set<String> {
        var names = Set(live.resources.lazy.filter { $0.id.kind == target }.compactMap(\.id.key.first))
        for change in changes where change.id.kind == target && change.operation == .create {
            if let name = change.id.key.first { names.insert(name) }
        }
        return names
    }

    /// An error for each created reference to a name not known, at the change's line. `same`
    /// says how the server matches names (exactly by default).
    public func problems(_ changes: [Change], backend: BackendConfig,
                         same: (String, String) -> Bool = { $0 == $1 }) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for change in changes where change.id.kind == kind && change.operation == .create {
            guard change.id.key.count > keyIndex else { continue }
            let name = change.id.key[keyIndex]
            if known.contains(name) || known.contains(where: { same($0, name) }) { continue }
            problems.append(problem(name, at: change.location ?? backend.location, backend: backend))
        }
        return problems
    }

    /// The error for one reference to `name`, not known: the closest known name (or the one
    /// `named` says the text names), and the known ones as `shown` (the names by default).
    public func problem(_ name: String, at location: SourceLocation?, backend: BackendConfig,
                        named: String? = nil, shown: [String]? = nil, creatable: Bool = true) -> Diagnostic {
        let listed = known.sorted()
        let all = shown?.sorted() ?? listed
        let there = all.count > 12 ? all.prefix(12).joined(separator: ", ") + ", …" : all.joined(separator: ", ")
        let guess = named.map { [Diagnostic.Note("did you mean '\($0)'? ('\(name)' is its name)")] }
            ?? Suggestion.note(for: name, in: listed)
        let tail = creatable ? " and the config does not create it" : ""
        return .error("\(noun) '\(name)' does not exist on '\(backend.name)'\(tail)",
                      at: location, notes: guess + [.init("there: \(all.isEmpty ? "none" : there)")])
    }
}
