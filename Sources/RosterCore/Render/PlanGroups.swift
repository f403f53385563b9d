/// The plan as a reviewer reads it: one group per person, people in name order, then the objects
/// no person owns (resources, strangers under `prune`, commit steps). Within a group deletions and
/// removals come first, then creates and updates, then commit steps, each in plan order (which
/// keeps a backend's actions together). Every form of the plan shows the same groups.
public struct PlanGroup: Sendable {
    /// The person, nil for the group of objects no person owns.
    public var owner: String?
    public var actions: [Action]

    /// How the group reads in review order, by rank then plan order.
    public static func rank(_ change: Change) -> Int {
        change.isTrailing ? 2 : change.operation == .delete ? 0 : 1
    }

    /// The group's actions of one backend, in review order.
    public func actions(of backend: String) -> [Action] { actions.filter { $0.change.id.backend == backend } }

    /// "2 to create, 1 to delete, 1 commit step": the group's counts, leaving out zeros.
    public var counts: String {
        let steps = actions.count(where: \.change.isTrailing)
        return ([Change.Operation.create, .update, .delete].compactMap { operation -> String? in
            let n = actions.count { $0.change.operation == operation && !$0.change.isTrailing }
            return n == 0 ? nil : "\(n) to \(operation.rawValue)"
        } + (steps == 0 ? [] : ["\(steps) commit step\(steps == 1 ? "" : "s")"])).joined(separator: ", ")
    }
}

extension Plan {
    /// The heading of the group of objects that belong to no person.
    public static let unowned = "Not owned by a person"

    /// The plan's actions grouped by person (see `PlanGroup`).
    public var groups: [PlanGroup] {
        var byOwner: [String: [Action]] = [:]
        var unowned: [Action] = []
        for action in actions {
            if let owner = action.change.owner { byOwner[owner, default: []].append(action) } else { unowned.append(action) }
        }
        let ordered = { (actions: [Action]) in
            actions.sorted { (PlanGroup.rank($0.change), $0.index) < (PlanGroup.rank($1.change), $1.index) }
        }
        return byOwner.keys.sorted().map { PlanGroup(owner: $0, actions: ordered(byOwner[$0]!)) }
            + (unowned.isEmpty ? [] : [PlanGroup(owner: nil, actions: ordered(unowned))])
    }
}
