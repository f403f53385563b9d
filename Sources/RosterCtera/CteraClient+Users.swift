import Foundation
import CteraXML
import RosterCore

/// Local users (`users/{name}`) and directory users (`domains/{d}/adUsers/{name}`), reference A.5-A.6.
extension CteraClient {
    static let pageSize = 50

    static func userPath(_ name: String, domain: String? = nil) -> String {
        guard let domain else { return "users/" + segment(name) }
        return "domains/\(segment(domain))/adUsers/\(segment(name))"
    }

    /// Every object of a collection, page by page (`startFrom` += 50 while `hasMore`). `startFrom`
    /// is an offset, so the next pages are known: as many are asked for at once as have been read
    /// (1, 1, 2, 4, …) up to `parallel`. A long listing waits on about `pages / parallel` round
    /// trips, not `pages`, for at most `min(parallel, pages) - 1` empty pages past the end.
    func query(_ collection: String, include: [String], parallel: Int = 1) async throws -> [CteraObject] {
        var (objects, more) = try await page(collection, include: include, start: 0)
        var next = Self.pageSize
        while more {
            let starts = (0..<min(max(1, parallel), next / Self.pageSize)).map { next + $0 * Self.pageSize }
            let pages = try await concurrentMap(starts, limit: starts.count) { start in
                try await self.page(collection, include: include, start: start)
            }
            for (page, hasMore) in pages {
                objects += page
                more = hasMore && !page.isEmpty
                if !more { break }
            }
            next += starts.count * Self.pageSize
        }
        return objects
    }

    /// One page of a `query`: its objects, and whether the portal has more.
    private func page(_ collection: String, include: [String], start: Int) async throws -> ([CteraObject], Bool) {
        let param = CteraObject(nil, [
            "startFrom": .int(start), "countLimit": .int(Self.pageSize),
            "include": .list((include.contains("name") ? include : include + ["name"]).map(CteraValue.text)),
        ])
        let answer = try await execute(collection, type: "db", name: "query", param: .object(param), mutating: false)
        guard let result = answer?.object, let page = result.list("objects"), let hasMore = result.bool("hasMore") else {
            throw RosterError(backend: backend, operation: "db query", object: collection,
                              message: "the answer has no 'objects' and 'hasMore'")
        }
        return (page.compactMap(\.object), hasMore && !page.isEmpty)
    }

    /// `get-multi` of some attributes; nil when the portal does not know the user.
    func getMulti(_ name: String, domain: String? = nil, _ attributes: [String]) async throws -> CteraObject? {
        let paths = (attributes.contains("name") ? attributes : attributes + ["name"]).map { CteraValue.text("/" + $0) }
        let answer = try await execute(Self.userPath(name, domain: domain), type: "db", name: "get-multi",
                                       param: .list(paths), mutating: false, object: name)
        guard let object = answer?.object, let found = object.string("name"), !found.isEmpty else { return nil }
        return object
    }

    /// The numeric uid the S3 key calls take.
    func uid(of name: String, domain: String? = nil) async throws -> Int {
        guard let object = try await getMulti(name, domain: domain, ["uid"]), let uid = object.int("uid") else {
            throw RosterError(backend: backend, operation: "db get-multi", object: name, code: .http(404),
                              message: "Object not found: /\(Self.userPath(name, domain: domain))")
        }
        return uid
    }

    func addUser(_ user: CteraObject) async throws {
        _ = try await execute("users", type: "db", name: "add", param: .object(user), mutating: true,
                              object: user.string("name"))
    }

    /// Read-modify-write, as the portal (and the SDK) does it: GET the whole object, change it,
    /// PUT it back to the current name's URL (a rename carries the new name inside).
    func modifyUser(_ name: String, domain: String? = nil, _ change: (inout CteraObject) -> Void) async throws {
        let path = Self.userPath(name, domain: domain)
        guard var object = try await get(path, object: name)?.object else {
            throw RosterError(backend: backend, operation: "GET \(path)", object: name,
                              message: "the portal answered no object")
        }
        change(&object)
        _ = try await put(path, .object(object), object: name)
    }

    func deleteUser(_ name: String, domain: String? = nil) async throws {
        _ = try await execute(Self.userPath(name, domain: domain), type: "user-defined", name: "delete",
                              param: .bool(true), mutating: true, object: name)
    }
}

/// S3 credentials (reference A.7) and apply-changes (A.6.6).
extension CteraClient {
    struct AccessKey: Sendable {
        var uid: Int
        var accessKey: String
    }

    func accessKeys(uid: Int, object: String) async throws -> [AccessKey] {
        let answer = try await execute("", type: "user-defined", name: "getApiKeys", param: .int(uid), mutating: false,
                                       object: object)
        return (answer?.list ?? []).compactMap(\.object).compactMap { key in
            guard let id = key.int("uid"), let access = key.string("accessKey") else { return nil }
            return AccessKey(uid: id, accessKey: access)
        }
    }

    /// A new key; its secret is in the answer only. The field name is not known for certain
    /// (reference, "Uncertain" 2): `secretKey` first, then other likely spellings.
    func createAccessKey(uid: Int, object: String) async throws -> (accessKey: String, secret: Secret) {
        let answer = try await execute("", type: "user-defined", name: "createApiKey", param: .int(uid), mutating: true,
                                       object: object)
        guard let key = answer?.object, let access = key.string("accessKey"),
              let secret = ["secretKey", "secretAccessKey", "secret"].lazy.compactMap({ key.string($0) }).first else {
            throw RosterError(backend: backend, operation: "user-defined createApiKey", object: object,
                              message: "the answer has no access key and secret")
        }
        return (access, Secret(secret))
    }

    func deleteAccessKey(uid: Int, object: String) async throws {
        _ = try await execute("", type: "user-defined", name: "deleteApiKey", param: .int(uid), mutating: true,
                              object: object)
    }

    /// Starts "apply provisioning changes"; returns the task reference `servers/{s}/bgTasks/{n}`.
    func applyChanges() async throws -> String {
        let param = CteraObject(nil, ["objectId": .null, "type": .text("users")])
        let answer = try await execute("", type: "user-defined", name: "updateAccounts", param: .object(param),
                                       mutating: true)
        guard let text = answer?.string, let range = text.range(of: "servers/", options: .backwards),
              text[range.lowerBound...].split(separator: "/").count == 4 else {
            throw RosterError(backend: backend, operation: "user-defined updateAccounts",
                              message: "the answer is no background task reference")
        }
        return String(text[range.lowerBound...])
    }

    /// A task's state: by GET in Global Administration, by `getTaskStatus` in a team portal.
    func taskStatus(_ reference: String) async throws -> (status: String, message: String?) {
        let answer = tenant == nil
            ? try await get(reference)
            : try await execute("", type: "user-defined", name: "getTaskStatus", param: .text(reference), mutating: false)
        guard let task = answer?.object, let status = task.string("status") else {
            throw RosterError(backend: backend, operation: "task status", object: reference,
                              message: "the answer has no status")
        }
        return (status, task.string("result") ?? task.string("progstring"))
    }
}
