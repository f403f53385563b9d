import XMLRPC

/// The structs Uyuni returns, with its member orders and layouts.
enum UyuniEncoding {
    /// A `listUsers` entry (SerializerHelper layout).
    static func userSummary(_ user: UyuniState.User) -> XMLRPCValue {
        .struct(XMLRPCStruct([
            (name: "id", value: .int(user.id)),
            (name: "login", value: .string(user.login)),
            (name: "login_uc", value: .string(user.login.uppercased())),
            (name: "enabled", value: .boolean(user.enabled)),
        ], layout: .serializer))
    }

    /// `getDetails`: a Java HashMap, so a plain map; all members always present.
    static func userDetails(_ user: UyuniState.User, org: UyuniState.Org) -> XMLRPCValue {
        .struct(XMLRPCStruct([
            (name: "first_names", value: .string(user.firstName)),
            (name: "first_name", value: .string(user.firstName)),
            (name: "last_name", value: .string(user.lastName)),
            (name: "email", value: .string(user.email)),
            (name: "org_id", value: .int(org.id)),
            (name: "org_name", value: .string(org.name)),
            (name: "prefix", value: .string(user.prefix)),
            (name: "last_login_date", value: .string(user.lastLogin.map(formatDate) ?? "")),
            (name: "created_date", value: .string(formatDate(user.created))),
            (name: "enabled", value: .boolean(user.enabled)),
            (name: "use_pam", value: .boolean(user.usePam)),
            (name: "read_only", value: .boolean(user.readOnly)),
            (name: "errata_notification", value: .boolean(user.errataNotification)),
        ]))
    }

    /// ManagedServerGroupSerializer: id, name, description (left out when null), system_count, org_id.
    static func group(_ group: UyuniState.SystemGroup) -> XMLRPCValue {
        var members: [XMLRPCStruct.Member] = [(name: "id", value: .int(group.id)), (name: "name", value: .string(group.name))]
        if let description = group.description { members.append((name: "description", value: .string(description))) }
        members.append((name: "system_count", value: .int(group.systemCount)))
        members.append((name: "org_id", value: .int(group.orgId)))
        return .struct(XMLRPCStruct(members, layout: .serializer))
    }

    static func groups(_ groups: [UyuniState.SystemGroup]) -> XMLRPCValue {
        .array(groups.sorted { $0.id < $1.id }.map(group))
    }

    /// en_US "short date + long time" in UTC, e.g. `11/22/24 10:02:33 AM UTC`.
    static func formatDate(_ unixSeconds: Double) -> String {
        let seconds = Int(unixSeconds.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        return "\(month)/\(day)/\(twoDigits(year % 100)) \(hour12):\(twoDigits(minute)):\(twoDigits(second)) "
            + (hour < 12 ? "AM" : "PM") + " UTC"
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Proleptic Gregorian date of a day count (Howard Hinnant's civil_from_days).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
