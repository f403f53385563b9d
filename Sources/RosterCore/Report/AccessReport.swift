import Foundation

/// The access review (`roster report`, `schemas/report.schema.json`): every live account of each
/// backend with its owner, roles, groups, key ids and state; the orphans no person owns; the
/// accounts of disabled or absent people that still work; grants that end soon. Never a secret:
/// it is made of key parts and of a few named attributes only.
public struct AccessReport: Codable, Sendable, Equatable {
    public var formatVersion = 1
    /// The day the report was made for (`--now`, or today in the config's zone).
    public var date: String
    /// Grants that end within this many days are listed.
    public var endingWithinDays: Int
    public var backends: [Backend]

    public struct Backend: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var accounts: [Account]
        /// Live accounts no person owns, administrators first.
        public var orphans: [String]
        /// Accounts of disabled or absent people that still work.
        public var stillWorking: [String]
        public var ending: [Ending]
        public var totals: Totals
    }

    public struct Account: Codable, Sendable, Equatable {
        public var kind: String
        public var account: String
        public var owner: String?
        /// The owner's state in the config, `until:` taken into account.
        public var ownerState: String?
        public var administrator: Bool
        /// roster's own login on the backend.
        public var rosterLogin: Bool
        /// `enabled`, `disabled`, or `present` where the system has no lock.
        public var state: String
        public var roles: [String]
        public var groups: [String]
        /// Key ids (access key ids, labels, fingerprints), never key material.
        public var keys: [String]
    }

    public struct Ending: Codable, Sendable, Equatable {
        public var person: String
        public var what: String
        public var until: String
        public var days: Int
        public var source: String
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var accounts: Int
        public var owned: Int
        public var orphans: Int
        public var administrators: Int
        public var stillWorking: Int
        public var ending: Int
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(self)) ?? Data()
    }
}
