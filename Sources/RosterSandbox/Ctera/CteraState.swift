/// Everything a CTERA Portal emulator holds: the Global Administration portal and the team portals
/// (tenants), each with local users and directory domains; S3 keys; background tasks.
public struct CteraState: Sendable, Codable, Hashable {
    public struct APIKey: Sendable, Codable, Hashable {
        public var uid: Int
        public var accessKey: String
        public var secretKey: String
        public var created: String
    }

    public struct User: Sendable, Codable, Hashable {
        public var uid: Int
        public var name: String
        public var email: String
        public var firstName: String
        public var lastName: String
        /// Wire role: Disabled, EndUser, ReadWriteAdmin, ReadOnlyAdmin, Support, ComplianceOffer.
        public var role: String
        public var company: String?
        public var comment: String?
        /// `YYYY-MM-DD`.
        public var requirePasswordChangeOn: String?
        /// Empty for domain users: the directory checks their passwords.
        public var password: String
        public var keys: [APIKey] = []
    }

    public struct Domain: Sendable, Codable, Hashable {
        public var name: String
        public var users: [User]
    }

    public struct Portal: Sendable, Codable, Hashable {
        /// Empty for Global Administration.
        public var name: String
        public var uid: Int
        public var users: [User]
        public var domains: [Domain]
    }

    public struct BackgroundTask: Sendable, Codable, Hashable {
        public var id: Int
        public var portalUid: Int
        /// Status reads so far; the task runs for `runningPolls` reads, then ends in `outcome`.
        public var polls: Int
        public var outcome: String
    }

    public var version: String
    public var portals: [Portal]
    public var tasks: [BackgroundTask] = []
    public var nextUid = 1000
    public var nextKeyUid = 5001
    public var nextTaskId = 1001
    /// How the next `updateAccounts` tasks end: `completed` or `failed` (tests switch it).
    public var taskOutcome = "completed"

    public static let roles = ["Disabled", "EndUser", "ReadWriteAdmin", "ReadOnlyAdmin", "Support", "ComplianceOffer"]
    /// Roles that may sign in to the administration API.
    public static let adminRoles: Set<String> = ["ReadWriteAdmin", "ReadOnlyAdmin", "Support"]

    public func portalIndex(_ name: String) -> Int? { portals.firstIndex { $0.name == name } }
    public func portal(_ name: String) -> Portal? { portals.first { $0.name == name } }

    mutating func takeUid() -> Int {
        defer { nextUid += 1 }
        return nextUid
    }
}

/// Where a user lives inside the state.
struct UserAddress: Hashable {
    var portal: Int
    /// nil for a local user.
    var domain: Int?
    var index: Int
}

extension CteraState {
    subscript(address: UserAddress) -> User {
        get {
            if let domain = address.domain { return portals[address.portal].domains[domain].users[address.index] }
            return portals[address.portal].users[address.index]
        }
        set {
            if let domain = address.domain {
                portals[address.portal].domains[domain].users[address.index] = newValue
            } else {
                portals[address.portal].users[address.index] = newValue
            }
        }
    }

    /// A local user (domain nil) or a domain user of a portal, by name.
    func find(portal: Int, domain: String?, name: String) -> UserAddress? {
        if let domain {
            guard let d = portals[portal].domains.firstIndex(where: { $0.name == domain }),
                  let i = portals[portal].domains[d].users.firstIndex(where: { $0.name == name }) else { return nil }
            return UserAddress(portal: portal, domain: d, index: i)
        }
        return portals[portal].users.firstIndex { $0.name == name }.map { UserAddress(portal: portal, domain: nil, index: $0) }
    }

    /// Any user of a portal by uid (S3 key calls address users so).
    func find(portal: Int, uid: Int) -> UserAddress? {
        if let i = portals[portal].users.firstIndex(where: { $0.uid == uid }) {
            return UserAddress(portal: portal, domain: nil, index: i)
        }
        for (d, domain) in portals[portal].domains.enumerated() {
            if let i = domain.users.firstIndex(where: { $0.uid == uid }) { return UserAddress(portal: portal, domain: d, index: i) }
        }
        return nil
    }

    mutating func remove(_ address: UserAddress) {
        if let domain = address.domain {
            portals[address.portal].domains[domain].users.remove(at: address.index)
        } else {
            portals[address.portal].users.remove(at: address.index)
        }
    }
}
