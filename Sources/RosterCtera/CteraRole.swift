import Foundation
import RosterCore
import RosterYAML

/// Portal roles, by the names of the SDK's `Role` enum; `wire` is what the portal reads and writes.
enum CteraRole: String, CaseIterable, Sendable {
    case disabled = "Disabled"
    case endUser = "EndUser"
    case readWriteAdmin = "ReadWriteAdmin"
    case readOnlyAdmin = "ReadOnlyAdmin"
    case support = "Support"
    case complianceOfficer = "ComplianceOfficer"

    /// `ComplianceOffer` is how the SDK spells the compliance officer on the wire (sic).
    var wire: String { self == .complianceOfficer ? "ComplianceOffer" : rawValue }

    static func fromWire(_ text: String) -> CteraRole? {
        text == "ComplianceOffer" ? .complianceOfficer : CteraRole(rawValue: text)
    }

    /// A role a config may declare; `Disabled` comes from `state: disabled`.
    static func read(_ node: YAMLNode, reader: ValueReader) -> CteraRole? {
        guard let text = reader.string(node, "role") else { return nil }
        let allowed = allCases.filter { $0 != .disabled }.map(\.rawValue)
        guard let role = CteraRole(rawValue: text), role != .disabled else {
            reader.bag.error("unknown CTERA role '\(text)'", at: node.location,
                             notes: Suggestion.note(for: text, in: allowed)
                                + [.init(text == "Disabled" ? "use 'state: disabled' on the person"
                                         : "roles: \(allowed.joined(separator: ", "))")])
            return nil
        }
        return role
    }
}

enum CteraDates {
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// Today plus `days` (UTC), as `YYYY-MM-DD`; -1 is yesterday, which the portal reads as "at next login".
    static func date(inDays days: Int, from now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: now.addingTimeInterval(Double(days) * 86_400))
    }
}
