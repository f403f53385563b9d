import RosterYAML

/// One difference between desired and live state.
public struct Change: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case create, update, delete
    }

    public enum Reason: String, Sendable, Hashable, Codable {
        /// The person is `state: absent`.
        case stateAbsent = "state: absent"
        /// The backend prunes and the config lacks the object.
        case pruned
        /// The object's parent lists its children and this one is not among them.
        case notInConfig = "absent in config"
        /// The person is `state: disabled`: their lockout removes it (a key, a session, a membership).
        case stateDisabled = "state: disabled"
        /// Removed first because its parent is deleted.
        case parentDeleted = "parent deleted"
    }

    public var id: ResourceID
    public var operation: Operation
    /// Live attributes before (nil for a create).
    public var before: Attributes?
    /// Desired attributes after (nil for a delete). For an update, only the attributes it changes.
    public var after: Attributes?
    public var reason: Reason?
    public var owner: String?
    public var location: SourceLocation?
    /// Where a person's grant comes from when not their own entry: `team platform`.
    public var via: String?
    /// Applying it creates a secret (a generated password, a new key) that only `--secrets-out`
    /// receives: `apply` without one refuses the plan. Set from `Provider.generatesSecret`.
    public var generatesSecret = false
    /// A trailing step that commits its backend's other changes (CTERA's apply-changes): counted
    /// apart from creates. Set by the planner from `ResourceKind.isTrailing`.
    public var isTrailing = false
    /// How the plan shows the attributes the config writes in another form (`readbm: all`), by
    /// attribute name; set by the planner from `AttributeSpec.display`.
    public var display: [String: AttributeDisplay] = [:]
    /// How every form of the plan marks such a change.
    public static let generatesSecretNote = "generates a secret: needs --secrets-out"

    public init(_ operation: Operation, _ id: ResourceID, before: Attributes? = nil, after: Attributes? = nil,
                reason: Reason? = nil, owner: String? = nil, location: SourceLocation? = nil) {
        self.operation = operation
        self.id = id
        self.before = before
        self.after = after
        self.reason = reason
        self.owner = owner
        self.location = location
    }

    /// Names of the attributes an update changes, in order.
    public var changedAttributes: [String] { operation == .update ? after?.names ?? [] : [] }

    /// The value to send for `name` (desired for create/update).
    public func value(_ name: String) -> Value? { after?[name] }
}
