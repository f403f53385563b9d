/// The safety rails: limits a plan must stay within before anything is applied (dry runs too).
/// Each has a name that `--force NAME` lifts.
public enum Rail: String, Sendable, Hashable, CaseIterable, Codable {
    /// More top-level deletes on one backend than `safety.max_deletes`.
    case maxDeletes = "max-deletes"
    /// More than `safety.max_delete_fraction` of a backend's top-level objects, past the floor.
    case maxDeleteFraction = "max-delete-fraction"
    /// The plan removes, demotes or disables every administrator a backend has.
    case lastAdmin = "last-admin"
    /// The plan deletes, demotes, disables or re-passwords roster's own login.
    case ownLogin = "self"
}

/// One rail a plan crosses, with why.
public struct RailViolation: Sendable, Hashable, CustomStringConvertible {
    public var rail: Rail
    public var backend: String
    public var message: String
    /// The objects involved, for the report.
    public var objects: [ResourceID]

    public var description: String {
        "safety rail '\(rail.rawValue)' on backend '\(backend)': \(message)"
    }
}

/// The plan crosses rails that were not forced; nothing was applied.
public struct RailsError: Error, Sendable, CustomStringConvertible {
    public var violations: [RailViolation]
    public init(_ violations: [RailViolation]) { self.violations = violations }
    public var description: String { violations.map(\.description).joined(separator: "\n") }
}

/// A pure check of a plan against the live states it was made from.
public struct SafetyRails: Sendable {
    public let registry: ProviderRegistry

    public init(registry: ProviderRegistry) { self.registry = registry }

    /// Every rail the plan crosses on these backends, minus those in `forced`.
    public func check(_ plan: Plan, live: [String: LiveState], backends: [BackendConfig],
                      forced: Set<Rail> = []) -> [RailViolation] {
        var violations: [RailViolation] = []
        for backend in backends {
            guard let provider = registry[backend.type] else { continue }
            let actions = plan.actions.filter { $0.change.id.backend == backend.name }
            guard !actions.isEmpty else { continue }
            let resources = live[backend.name]?.resources ?? []
            let check = BackendCheck(provider: provider, backend: backend, changes: actions.map(\.change),
                                     live: resources)
            violations += check.deletes() + check.administrators()
        }
        return violations.filter { !forced.contains($0.rail) }
    }
}
