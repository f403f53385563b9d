import RosterCore
import Synchronization

typealias Kind = CloudProvider.Kind

/// A connection to one platform: reads its users and their API keys, and carries out changes.
struct CloudSession: ProviderSession {
    let client: CloudClient
    let backend: String
    let parallelism: Int
    /// Server ids of users and keys, by what roster calls them; filled by fetch and by creations.
    let ids = IDDirectory()
    /// The platform list read by `fetch` for `facts()`: nil when not read.
    let platforms = FactBox()
    /// The user listing, when started before the fetch.
    let listing = EarlyListing<[CloudUser]>()

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        if interest.declaredAttributes.contains("platform_ids") {
            let listed = try await client.listPlatforms()
            platforms.set(CloudProvider.platformFacts(listed))
        }
        let users = try await listing.take { try await client.listUsers(parallel: parallelism) }
        var resources: [Resource] = []
        var wanted: [CloudUser] = []
        for user in users {
            let email = user.email.lowercased()
            ids.set(user: email, user.id)
            ids.set(priority: email, user.priority)
            resources.append(Resource(id(Kind.user, email), Self.attributes(of: user)))
            if Self.readsTokens(of: email, interest) { wanted.append(user) }
        }
        let tokenLists = try await concurrently(wanted, limit: parallelism) { user in
            try await client.listTokens(userID: user.id, email: user.email.lowercased())
        }
        for (user, tokens) in zip(wanted, tokenLists) {
            resources += tokenResources(tokens, email: user.email.lowercased())
        }
        return resources
    }

    /// A user's tokens are read one user at a time: only for a user the config names when it
    /// speaks of keys or tokens at all (API keys declared, a disabled person's lock) or deletes
    /// the user (its keys and tokens go first), and for every user when pruning.
    static func readsTokens(of email: String, _ interest: FetchInterest) -> Bool {
        if interest.everything { return true }
        guard interest.wants(kind: Kind.user, key: [email]) else { return false }
        return [Kind.apiKey, Kind.jobToken].contains { interest.kinds?.contains($0) ?? true }
            || interest.absent[Kind.user]?.contains([email]) == true
    }

    /// API keys by label; job tokens by label too (a live label is unique per user on the
    /// platform; should two share one, the later is told apart by its id).
    func tokenResources(_ tokens: [CloudAPIKey], email: String) -> [Resource] {
        var resources: [Resource] = []
        var seen: Set<ResourceID> = []
        for token in tokens {
            var tokenID = id(token.isAPIKey ? Kind.apiKey : Kind.jobToken, email, token.label)
            if !seen.insert(tokenID).inserted { tokenID.key[1] += "#\(token.id)" }
            ids.set(key: tokenID, token.id)
            var attributes: Attributes = [:]
            if token.isAPIKey { attributes["priority"] = token.priority.map(Value.int) }
            resources.append(Resource(tokenID, attributes))
        }
        return resources
    }

    static func attributes(of user: CloudUser) -> Attributes {
        var attributes: Attributes = [:]
        attributes["first_name"] = .string(user.firstName ?? "")
        attributes["last_name"] = .string(user.lastName ?? "")
        attributes["platform_ids"] = .set(user.platformIDs ?? [])
        attributes["priority"] = user.priority.map(Value.int)
        attributes["company_id"] = user.companyID.map(Value.int) ?? .null
        attributes["is_admin"] = .bool(user.isAdmin)
        attributes["sign_in"] = .string(CloudProvider.signIn(priority: user.priority))
        return attributes
    }

    /// The platform list, when `fetch` read it (once per plan, when some account declares
    /// `platform_ids`), for the plan-time check.
    func facts() async throws -> [String: Value] { platforms.get() }

    func id(_ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: kind, key: key)
    }

    func startListings() {
        listing.start { [client, parallelism] in try await client.listUsers(parallel: parallelism) }
    }

    func close() async {
        await listing.cancel()
        await client.close()
    }
}

/// Facts a fetch found, for `facts()` after it.
final class FactBox: Sendable {
    private let facts = Mutex<[String: Value]>([:])
    func set(_ new: [String: Value]) { facts.withLock { $0 = new } }
    func get() -> [String: Value] { facts.withLock { $0 } }
}

/// Server ids by resource; shared by the concurrent actions of one session.
final class IDDirectory: Sendable {
    private let users = Mutex<[String: Int]>([:])
    private let keys = Mutex<[ResourceID: Int]>([:])
    private let priorities = Mutex<[String: Int]>([:])

    func set(user email: String, _ id: Int?) { users.withLock { $0[email] = id } }
    func user(_ email: String) -> Int? { users.withLock { $0[email] } }
    func set(key: ResourceID, _ id: Int?) { keys.withLock { $0[key] = id } }
    func key(_ key: ResourceID) -> Int? { keys.withLock { $0[key] } }
    func set(priority email: String, _ priority: Int?) { priorities.withLock { $0[email] = priority } }

    /// A renamed user's keys, found under the new address from now on.
    func moveKeys(from old: String, to new: String) {
        keys.withLock { keys in
            for (id, value) in keys where id.kind == CloudProvider.Kind.apiKey && id.key.first == old {
                var moved = id
                moved.key[0] = new
                keys[moved] = value
            }
        }
    }
    func priority(_ email: String) -> Int? { priorities.withLock { $0[email] } }

    /// Whether a key or job token of this user is still known live (not yet revoked by this run).
    func holdsTokens(_ email: String) -> Bool {
        keys.withLock { keys in
            keys.contains { $0.key.key.first == email && ($0.key.kind == Kind.apiKey || $0.key.kind == Kind.jobToken) }
        }
    }
}

/// Runs `body` over `items` with at most `limit` at once; results in the order of `items`.
func concurrently<T: Sendable, R: Sendable>(_ items: [T], limit: Int,
                                            _ body: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        func start(_ i: Int) { group.addTask { (i, try await body(items[i])) } }
        while next < min(max(limit, 1), items.count) {
            start(next)
            next += 1
        }
        while let (i, result) = try await group.next() {
            results[i] = result
            if next < items.count {
                start(next)
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
