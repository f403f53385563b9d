import Foundation
import RosterYAML

/// A calendar day, `YYYY-MM-DD`: what `until:` takes and what `--now` sets.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Self.days(inMonth: m, year: y) else { return nil }
        year = y
        month = m
        day = d
    }

    /// The day it is now in `timeZone` (UTC when nil).
    public static func today(in timeZone: TimeZone? = nil, now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        let text = String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        return CalendarDay(text)!
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (the civil-from-days algorithm in reverse).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int { other.ordinal - ordinal }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.ordinal < b.ordinal }
}

/// One `until:` of the config: access that ends on a day.
public struct ExpiringGrant: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// `until:` on a person.
        case person
        /// `until:` on one of the person's accounts.
        case account(backend: String)
        /// `until:` on a team membership.
        case membership(team: String)
    }

    public var person: String
    public var scope: Scope
    public var until: CalendarDay
    public var location: SourceLocation

    /// "person 'asmith'", "the account of 'asmith' on 'uyuni'", "the membership of 'asmith' in team 'platform'".
    public var subject: String {
        switch scope {
        case .person: "person '\(person)'"
        case .account(let backend): "the account of '\(person)' on '\(backend)'"
        case .membership(let team): "the membership of '\(person)' in team '\(team)'"
        }
    }

    /// Whether the grant is gone on `today`: it lasts through its `until` day.
    public func isExpired(on today: CalendarDay) -> Bool { today > until }

    /// Whether it ends within `days` of `today` and has not ended yet.
    public func endsWithin(_ days: Int, of today: CalendarDay) -> Bool {
        !isExpired(on: today) && today.days(until: until) <= days
    }
}

extension ValueReader {
    /// A `YYYY-MM-DD` day; an error at the node otherwise.
    public func day(_ node: YAMLNode, _ what: String) -> CalendarDay? {
        guard let text = string(node, what) else { return nil }
        guard let day = CalendarDay(text) else {
            bag.error("'\(what)' must be a date as YYYY-MM-DD, not '\(text)'", at: node.location)
            return nil
        }
        return day
    }
}

/// What a person becomes once their `until:` has passed.
public enum ExpireTo: String, Sendable, Hashable, CaseIterable {
    case disabled, absent

    var state: PersonState { self == .absent ? .absent : .disabled }
}

/// The top-level `timezone:` and `expire_to:`, read as the config's files are walked.
struct TopLevelSettings {
    var timeZone: TimeZone?
    var expireTo: ExpireTo?

    mutating func read(_ key: String, _ value: YAMLNode, _ reader: ValueReader) {
        if key == "expire_to" {
            expireTo = reader.choice(value, "expire_to", as: ExpireTo.self)
            return
        }
        guard let name = reader.string(value, "timezone") else { return }
        if let zone = TimeZone(identifier: name) {
            timeZone = zone
        } else {
            reader.bag.error("unknown time zone '\(name)'; use an IANA name such as 'Europe/Zurich' or 'UTC'",
                             at: value.location)
        }
    }

    func apply(to config: inout RosterConfig) {
        config.timeZone = timeZone
        if let expireTo { config.expireTo = expireTo }
    }
}
