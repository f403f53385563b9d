import Foundation

/// A saved plan checked action by action against a fresh plan of the same config: an action is
/// applied only if it was reviewed and the live object it acts on still looks as it did then.
/// Pure: the same saved plan and current plan give the same review.
public struct SavedPlanReview: Sendable {
    public struct Refusal: Sendable, CustomStringConvertible {
        public var action: Action
        public var reason: String
        public var description: String { "\(action.change.operation.rawValue) \(action.change.id): \(reason)" }
    }

    /// The reviewed actions still valid now, re-indexed, with their dependencies.
    public var approved: Plan
    /// Actions not applied, with why (drifted attributes named).
    public var refused: [Refusal]
    /// Reviewed actions the live systems no longer need (done out of band, or moot).
    public var settled: Int

    public init(saved: PlanDocument, current: Plan) {
        let reviewed = Dictionary(saved.actions.map { (Self.identity($0), $0) }) { first, _ in first }
        var reasons: [Int: String] = [:]
        for action in current.actions {
            guard let original = reviewed[Self.identity(action)] else {
                reasons[action.index] = "not in the reviewed plan"
                continue
            }
            let drifted = Self.differences(original.before, action.change.before)
            if !drifted.isEmpty {
                reasons[action.index] = "live object changed since review: \(drifted.joined(separator: ", "))"
            } else if !Self.differences(original.after, action.change.after).isEmpty {
                reasons[action.index] = "planned values differ from the reviewed ones"
            }
        }
        // An action that depends on a refused one is refused too.
        for action in current.actions where reasons[action.index] == nil {
            if let cause = action.dependsOn.first(where: { reasons[$0] != nil }) {
                reasons[action.index] = "depends on refused '\(current.actions[cause].change.id)'"
            }
        }
        refused = current.actions.compactMap { a in reasons[a.index].map { Refusal(action: a, reason: $0) } }
        let planned = Set(current.actions.map(Self.identity))
        settled = saved.actions.count { !planned.contains(Self.identity($0)) }
        approved = current.without(Set(reasons.keys))
    }

    // MARK: - helpers

    private static func identity(_ action: PlanDocument.ActionDocument) -> String {
        "\(action.backend)\u{1}\(action.kind)\u{1}\(action.key.joined(separator: "\u{2}"))\u{1}\(action.operation.rawValue)"
    }

    private static func identity(_ action: Action) -> String {
        let c = action.change
        return "\(c.id.backend)\u{1}\(c.id.kind)\u{1}\(c.id.key.joined(separator: "\u{2}"))\u{1}\(c.operation.rawValue)"
    }

    /// Names of the attributes whose JSON forms differ (a secret is `(sensitive)` on both sides).
    static func differences(_ a: Attributes?, _ b: Attributes?) -> [String] {
        let names = Set((a?.names ?? []) + (b?.names ?? []))
        return names.filter { encode(a?[$0]) != encode(b?[$0]) }.sorted()
    }

    private static func encode(_ value: Value?) -> Data? {
        guard let value else { return nil }
        return try? JSONEncoder().encode([value])
    }
}
