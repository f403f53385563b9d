import Foundation
import RosterCore

/// A user as the platform answers it (the SDK's field keys, §3.2). The password is never read.
struct CloudUser: Decodable, Sendable {
    var id: Int
    var email: String
    var firstName: String?
    var lastName: String?
    var platformIDs: [String]?
    var isAdmin: Bool
    var priority: Int?
    var companyID: Int?

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", email, firstName = "first_name", lastName = "last_name"
        case platformIDs = "platform_ids", isAdmin = "is_admin", priority, companyID = "company_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // `user_id` is the SDK's name; a bare `id` is accepted too.
        id = try c.decodeIfPresent(Int.self, forKey: .userID) ?? c.decode(Int.self, forKey: .id)
        email = try c.decode(String.self, forKey: .email)
        firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
        lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
        platformIDs = try c.decodeIfPresent([String].self, forKey: .platformIDs)
        isAdmin = try c.decodeIfPresent(Bool.self, forKey: .isAdmin) ?? false
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        companyID = try c.decodeIfPresent(Int.self, forKey: .companyID)
    }
}

extension CloudClient {
    static let pageSize = 100

    /// Every user, page by page (`limit`/`offset`) until a short page. Admin only.
    /// Every user, `parallel` pages at once after the first (see `paged`).
    func listUsers(parallel: Int = 1) async throws -> [CloudUser] {
        let list = paths.list
        return try await paged(list.path, parallel: parallel) { offset in
            try await self.request(list.method, list.path,
                              query: [("limit", String(Self.pageSize)), ("offset", String(offset))])
        }
    }

    func readUser(id: Int, email: String) async throws -> CloudUser {
        let data = try await request(paths.read.method, paths.read.path(id: id), object: email)
        return try decode(CloudUser.self, data, operation: "\(paths.read.method) \(paths.read.path)")
    }

    /// Creates a user; the answer carries its id.
    @discardableResult
    func createUser(_ fields: [String: Any], email: String) async throws -> CloudUser {
        let data = try await request(paths.create.method, paths.create.path, body: try Self.json(fields), object: email)
        return try decode(CloudUser.self, data, operation: "\(paths.create.method) \(paths.create.path)")
    }

    /// Sends only the fields that change.
    func updateUser(id: Int, email: String, _ fields: [String: Any]) async throws {
        _ = try await request(paths.update.method, paths.update.path(id: id), body: try Self.json(fields), object: email)
    }

    func deleteUser(id: Int, email: String) async throws {
        _ = try await request(paths.delete.method, paths.delete.path(id: id), object: email)
    }

    /// Collects the pages of a list endpoint. A page is a JSON array, or an object holding one
    /// under `items`, `results`, `users` or `tokens`; a short page is the last. The offsets of the
    /// next pages are known, so as many are asked for at once as have been read (1, 1, 2, 4, …) up
    /// to `parallel`: a long list waits on about `pages / parallel` round trips, for at most
    /// `min(parallel, pages) - 1` empty pages past the end.
    func paged<T: Decodable & Sendable>(_ path: String, parallel: Int = 1,
                                        _ page: @escaping @Sendable (Int) async throws -> Data) async throws -> [T] {
        let read: @Sendable (Int) async throws -> [T] = { offset in
            try self.decode(Page<T>.self, try await page(offset), operation: "GET \(path)").items
        }
        var all = try await read(0)
        var more = all.count >= Self.pageSize
        while more {
            let offsets = (0..<min(max(1, parallel), all.count / Self.pageSize)).map { all.count + $0 * Self.pageSize }
            for items in try await concurrentMap(offsets, limit: offsets.count, read) {
                all += items
                more = items.count >= Self.pageSize
                if !more { break }
            }
        }
        return all
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, operation: String) throws -> T {
        do {
            return try JSONNesting.decode(type, from: data)
        } catch {
            throw RosterError(backend: backend, operation: operation, message: "unreadable answer: \(error)")
        }
    }
}

struct Page<T: Decodable>: Decodable {
    var items: [T]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([T].self) {
            items = list
            return
        }
        let c = try decoder.container(keyedBy: Key.self)
        for name in ["items", "results", "users", "tokens"] where c.contains(Key(stringValue: name)) {
            items = try c.decode([T].self, forKey: Key(stringValue: name))
            return
        }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "expected a list"))
    }
}
