import CteraXML

/// `db query` over a user collection: `startFrom`, `countLimit` (at most 50 a page), `include`,
/// `filters` with `orFilter`; answers a `QueryResult` with `hasMore` and `objects`.
extension CteraWorld {
    static let pageLimit = 50

    func query(_ param: CteraValue, portal: Int, domain: String?) -> EmulatorResponse {
        guard let params = param.object else { return CteraWire.error(400, "query takes a QueryParams object") }
        let start = max(0, params.int("startFrom") ?? 0)
        let limit = min(max(1, params.int("countLimit") ?? Self.pageLimit), Self.pageLimit)
        var include = params.list("include")?.compactMap(\.string) ?? []
        if !include.contains("name") { include.append("name") }
        let filters = params.list("filters")?.compactMap(\.object) ?? []
        let either = params.bool("orFilter") ?? false
        let users = domain.flatMap { d in state.portals[portal].domains.first { $0.name == d }?.users }
            ?? state.portals[portal].users
        // Without filters only the page's users are turned into objects: a large portal is read
        // page by page, and building every user for every page would make the read quadratic.
        let candidates = filters.isEmpty && start < users.count ? Array(users[start..<min(users.count, start + limit)]) : users
        let matching = (filters.isEmpty && start >= users.count ? [] : candidates).map { object($0, portal: portal, domain: domain) }
            .filter { user in
                guard !filters.isEmpty else { return true }
                return either ? filters.contains { Self.matches(user, $0) } : filters.allSatisfy { Self.matches(user, $0) }
            }
        let total = filters.isEmpty ? users.count : matching.count
        let first = filters.isEmpty ? 0 : start
        let page = first < matching.count ? Array(matching[first..<min(matching.count, first + limit)]) : []
        let objects = page.map { full -> CteraValue in
            var item = CteraObject(full.className)
            for name in include { item[name] = full[name] ?? .null }
            return .object(item)
        }
        return CteraWire.value(.object(CteraObject("QueryResult", [
            "hasMore": .bool(start + page.count < total), "objects": .list(objects),
        ])))
    }

    /// A `StringFilter`/`IntFilter`/`BooleanFilter`: `field`, `restriction`, `value`.
    static func matches(_ user: CteraObject, _ filter: CteraObject) -> Bool {
        guard let field = filter.string("field"), let restriction = filter.string("restriction") else { return false }
        let have = user[field]?.string ?? ""
        let want = filter["value"]?.string ?? ""
        let order: Int = {
            if let a = Int(have), let b = Int(want) { return a < b ? -1 : a == b ? 0 : 1 }
            return have < want ? -1 : have == want ? 0 : 1
        }()
        switch restriction {
        case "eq": return order == 0
        case "ne": return order != 0
        case "like": return have.lowercased().contains(want.lowercased().replacingOccurrences(of: "%", with: ""))
        case "notLike": return !have.lowercased().contains(want.lowercased().replacingOccurrences(of: "%", with: ""))
        case "ge": return order >= 0
        case "gt": return order > 0
        case "le": return order <= 0
        case "lt": return order < 0
        default: return false
        }
    }
}
