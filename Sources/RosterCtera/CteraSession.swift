import Foundation
import CteraXML
import RosterCore

typealias Kind = CteraProvider.Kind

/// A connection to one portal: reads its users and keys, and carries out changes.
struct CteraSession: ProviderSession {
    let client: CteraClient
    let backend: String
    let parallelism: Int
    /// The directories `fetch` read, and those the portal does not know (404), for `facts`.
    let directories = DirectoryLog()

    /// What a listing of local users asks for; enough to compare every attribute.
    static let userFields = ["name", "uid", "email", "firstName", "lastName", "role", "company", "comment",
                             "requirePasswordChangeOn"]

    func fetch(_ interest: FetchInterest) async throws -> [Resource] {
        let users: [CteraObject]
        if let named = try await named(interest) { users = named } else {
            users = try await client.query("users", include: Self.userFields, parallel: parallelism)
        }
        var resources: [Resource] = []
        var withKeys: [(name: String, uid: Int)] = []
        // Keys are read one user at a time: only when the config speaks of S3 keys at all or
        // disables someone (whose keys are deleted), and for each user it deletes (keys go first).
        let keysMatter = interest.everything || !(interest.keys[Kind.s3KeyCount] ?? []).isEmpty
            || !(interest.keys[Kind.s3Credential] ?? []).isEmpty || interest.kinds?.contains(Kind.s3Credential) == true
        let absent = Set((interest.absent[Kind.user] ?? []).compactMap { $0.first.map(Self.canonical) })
        for user in users {
            guard let name = user.string("name") else { continue }
            resources.append(Resource(id(Kind.user, name), Self.attributes(of: user)))
            let wanted = absent.contains(Self.canonical(name)) || keysMatter && (interest.wants(kind: Kind.user, key: [name])
                || interest.wants(kind: Kind.s3KeyCount, key: [name]))
            if wanted, let uid = user.int("uid") { withKeys.append((name, uid)) }
        }
        // Directory users only of the directories the config names.
        let directories = Set((interest.keys[Kind.domainUser] ?? []).compactMap(\.first)).sorted()
        for directory in directories {
            let path = "domains/\(CteraClient.segment(directory))/adUsers"
            let users: [CteraObject]
            do {
                users = try await client.query(path, include: ["role"], parallel: parallelism)
                await self.directories.note(directory, known: true)
            } catch let error as RosterError where error.code == .http(404) {
                // A directory the portal is not connected to: a plan error at the config's line.
                await self.directories.note(directory, known: false)
                continue
            }
            for user in users {
                guard let name = user.string("name") else { continue }
                let role = user.string("role").flatMap(CteraRole.fromWire)?.rawValue ?? user.string("role") ?? ""
                resources.append(Resource(id(Kind.domainUser, directory, name), ["role": .string(role)]))
            }
        }
        let revoked = Set((interest.keys[Kind.s3Credential] ?? []).filter { $0.count == 2 }.map { $0[0] + "\n" + $0[1] })
        resources += try await concurrentMap(withKeys, limit: parallelism) { user in
            try await keyResources(user.name, uid: user.uid, revoked: revoked)
        }.flatMap { $0 }
        return resources
    }

    /// A pull-request plan's users, each read by its name (`db get-multi` of the listing's fields,
    /// as cterasdk's `users.get` does): nil when the plan is not limited to named users, or when
    /// a name is not plain ASCII (the portal compares names exactly, roster after Unicode
    /// normalization: only a listing finds a user spelled in another normal form).
    private func named(_ interest: FetchInterest) async throws -> [CteraObject]? {
        guard interest.namedOnly else { return nil }
        var names = Set<String>()
        for kind in [Kind.user, Kind.s3KeyCount, Kind.s3Credential] {
            for key in interest.keys[kind] ?? [] { if let name = key.first { names.insert(name) } }
        }
        for key in interest.absent[Kind.user] ?? [] { if let name = key.first { names.insert(name) } }
        guard names.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        return try await concurrentMap(names.sorted(), limit: parallelism) { name in
            try await client.getMulti(name, Self.userFields)
        }.compactMap { $0 }
    }

    /// A user's keys, and their count without the ones the config revokes.
    private func keyResources(_ name: String, uid: Int, revoked: Set<String>) async throws -> [Resource] {
        let keys = try await client.accessKeys(uid: uid, object: name)
        var resources = keys.map { Resource(id(Kind.s3Credential, name, $0.accessKey)) }
        let kept = keys.filter { !revoked.contains(name + "\n" + $0.accessKey) }
        resources.append(Resource(id(Kind.s3KeyCount, name), [
            "count": .int(kept.count), "access_keys": .list(kept.map { .string($0.accessKey) }),
        ]))
        return resources
    }

    /// A portal user as roster compares it; null attributes are left out, empty strings kept.
    static func attributes(of user: CteraObject) -> Attributes {
        var attributes = Attributes()
        let names = ["email": "email", "firstName": "first_name", "lastName": "last_name", "company": "company",
                     "comment": "comment", "requirePasswordChangeOn": "password_change_on"]
        for (wire, name) in names { attributes[name] = user.string(wire).map(Value.string) }
        if let role = user.string("role") {
            attributes["role"] = .string(CteraRole.fromWire(role)?.rawValue ?? role)
        }
        return attributes
    }

    /// The directories the portal answered 404 for, and those it knows (after `fetch`).
    func facts() async throws -> [String: Value] {
        let (known, unknown) = await directories.seen
        return [CteraProvider.knownDirectoriesFact: .set(known), CteraProvider.unknownDirectoriesFact: .set(unknown)]
    }

    /// A name as the portal compares it (composed and decomposed accents are one name).
    static func canonical(_ name: String) -> String { name.precomposedStringWithCanonicalMapping }

    func id(_ kind: String, _ key: String...) -> ResourceID {
        ResourceID(backend: backend, kind: kind, key: key)
    }

    func close() async { await client.close() }
}

actor DirectoryLog {
    private var known: Set<String> = [], unknown: Set<String> = []
    func note(_ directory: String, known isKnown: Bool) {
        if isKnown { known.insert(directory) } else { unknown.insert(directory) }
    }
    var seen: (Set<String>, Set<String>) { (known, unknown) }
}
