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
    func listUsers() async throws -> [CloudUser] {
        try await paged(paths.list.path) { offset in
            try await request(paths.list.method, paths.list.path,
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
    /// under `items`, `results`, `users` or `tokens`.
    func paged<T: Decodable>(_ path: String, _ page: (Int) async throws -> Data) async throws -> [T] {
        var all: [T] = []
        var offset = 0
        while true {
            let data = try await page(offset)
            let items: [T] = try decode(Page<T>.self, data, operation: "GET \(path)").items
            all += items
            if items.count < Self.pageSize { return all }
            offset += items.count
        }
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
