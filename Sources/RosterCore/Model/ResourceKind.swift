/// A kind of object a provider manages: its identity key, attributes and the kinds it depends on.
public struct ResourceKind: Sendable, Hashable {
    public var name: String              // "uyuni.user"
    public var keyFields: [String]       // ["login"]
    public var attributes: [AttributeSpec]
    public var parents: [Dependency]
    /// Removals of siblings (same key but the last field) run before additions: for roles where
    /// one implies others, the server ignores adding a role that a role about to go still implies.
    public var removalsFirst: Bool
    /// A trailing step a provider adds after a backend's other changes (CTERA's apply-changes):
    /// it runs once they have all finished, whatever their outcome.
    public var isTrailing: Bool
    /// How the server compares each key field (`exact` for a field not listed).
    public var identity: [KeyIdentity]
    /// Whether an update can change the key (`previous_names:` renames the live object in place).
    public var canRename: Bool
    /// How a provider locks an account out where the vendor has no disabled flag (`state: disabled`).
    public var lockout: Lockout?

    public init(_ name: String, key: [String], identity: [KeyIdentity] = [], attributes: [AttributeSpec] = [],
                parents: [Dependency] = [], removalsFirst: Bool = false, isTrailing: Bool = false,
                canRename: Bool = false, lockout: Lockout? = nil) {
        self.name = name
        self.lockout = lockout
        self.keyFields = key
        self.identity = identity
        self.canRename = canRename
        self.attributes = attributes
        self.parents = parents
        self.removalsFirst = removalsFirst
        self.isTrailing = isTrailing
    }

    public func attribute(_ name: String) -> AttributeSpec? { attributes.first { $0.name == name } }

    /// A kind with no parent stands on its own: prune and protect apply to it.
    public var isTopLevel: Bool { parents.isEmpty }
}

/// The attribute by which a provider locks an account out (`state: disabled` where the vendor has no
/// disabled flag), and its two values. Locking never sends the declared password; unlocking sends
/// it, whatever `password_update` says, so that re-enabling restores it. A live object that does
/// not show the attribute (the provider cannot tell from what it reads) is told by checking the
/// declared password without changing anything (`ProviderSession.passwordMismatches`): refused
/// is locked.
public struct Lockout: Sendable, Hashable {
    public var attribute: String
    public var locked: Value
    public var open: Value
    /// What a lock zeroes (ActiveLogic's masks) and the child kinds it removes (its SSH keys). An
    /// account the config wants with all of these zero or unset and no such children declared looks
    /// locked either way, so its password is not checked: a check costs the system a call per
    /// account on every plan (thousands of users at the add_user defaults would each be checked).
    /// Empty: every account whose lock the provider cannot read is checked.
    public var zeroed: [String]
    public var removedChildren: [String]

    /// The `sign_in` attribute of a lock made from a random password that is never written
    /// anywhere (cloud, ActiveLogic): one spelling, so every plan shows the step alike.
    public enum SignIn {
        public static let attribute = "sign_in"
        /// The password the config declares (or one generated for `--secrets-out`) signs in.
        public static let password = "password"
        /// Locked: a random password that is never written anywhere.
        public static let locked = "random password (not kept)"
    }

    /// The lock by `sign_in` (`SignIn`), with what else it zeroes and removes.
    public static func randomPassword(zeroed: [String] = [], removedChildren: [String] = []) -> Lockout {
        Lockout(SignIn.attribute, locked: .string(SignIn.locked), open: .string(SignIn.password), zeroed: zeroed,
                removedChildren: removedChildren)
    }

    public init(_ attribute: String, locked: Value, open: Value, zeroed: [String] = [], removedChildren: [String] = []) {
        self.attribute = attribute
        self.locked = locked
        self.open = open
        self.zeroed = zeroed
        self.removedChildren = removedChildren
    }

    /// Whether an account the config wants so could be told from a locked one by its attributes
    /// and children: if not, its password is not checked.
    func differsFromLocked(_ want: Resource, scopes: ScopeSet) -> Bool {
        guard !zeroed.isEmpty || !removedChildren.isEmpty else { return true }
        if zeroed.contains(where: { name in want.attributes[name].map { $0 != .int(0) } ?? false }) { return true }
        return removedChildren.contains { scopes.contains(DesiredState.Scope(kind: $0, keyPrefix: want.id.key)) }
    }
}

/// A child kind's link to a parent kind: which of the child's key fields make the parent's key,
/// and whether deleting the parent removes the child on the server by itself.
public struct Dependency: Sendable, Hashable {
    public var kind: String
    public var keyFields: [Int]
    public var cascadesOnDelete: Bool

    public init(_ kind: String, key: [Int], cascadesOnDelete: Bool = true) {
        self.kind = kind
        self.keyFields = key
        self.cascadesOnDelete = cascadesOnDelete
    }

    public func parentKey(of key: [String]) -> [String] { keyFields.map { key[$0] } }
}

public struct AttributeSpec: Sendable, Hashable {
    public enum Access: Sendable, Hashable {
        /// Read back from the live system and compared.
        case readWrite
        /// Sent, never read back (passwords): compared according to the password policy.
        case writeOnly
        /// Read from the live system, never sent.
        case readOnly
    }

    public var name: String
    public var access: Access
    public var sensitive: Bool
    /// What the server gives a new object when the config does not write this attribute. An
    /// attribute the config does not write is never managed on an existing object; on a create the
    /// plan shows this value.
    public var createDefault: Value?
    /// How plans show it when the config writes it in another form (see `AttributeDisplay`).
    public var display: AttributeDisplay?

    public init(_ name: String, _ access: Access = .readWrite, sensitive: Bool = false, default createDefault: Value? = nil,
                display: AttributeDisplay? = nil) {
        self.display = display
        self.name = name
        self.access = access
        self.sensitive = sensitive || access == .writeOnly
        self.createDefault = createDefault
    }
}

/// When a write-only password is sent again.
public enum PasswordUpdate: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only when the account is created (the default).
    case onCreate = "on_create"
    /// On every apply.
    case always
    /// When the backend says the declared password no longer works.
    case verify
}
