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
            let listed = known.sorted()
            let shown = listed.count > 12 ? listed.prefix(12).joined(separator: ", ") + ", …" : listed.joined(separator: ", ")
            problems.append(.error("\(noun) '\(name)' does not exist on '\(backend.name)' and the config does not create it",
                                   at: change.location ?? backend.location,
                                   notes: Suggestion.note(for: name, in: listed)
                                       + [.init("there: \(listed.isEmpty ? "none" : shown)")]))
        }
        return problems
    }
}
