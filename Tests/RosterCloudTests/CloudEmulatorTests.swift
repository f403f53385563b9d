import Foundation
import Logging
import RosterCore
import RosterHTTP
@testable import RosterSandbox
import RosterJSON
import Testing

/// The emulator on the wire: the platform's error shape, validation with field locations, admin
/// rules, key priorities and paging.
@Suite struct CloudEmulatorTests {
    /// Raw requests through the shared transport, so tests see status and body as sent.
    struct Wire {
        let base: String
        let transport = HTTPTransport(backend: "test", mode: .readWrite, logger: Logger(label: "t"))

        func send(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (Int, JSONValue?) {
            var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
            if let token { headers.append(("Authorization", "Bearer \(token)")) }
            let reply = try await transport.send(HTTPRequestSpec(method: method, url: base + path, headers: headers,
                                                                 body: json.map { Array($0.utf8) }, mutating: true,
                                                                 operation: path))
            return (reply.status, JSONValue.parse(reply.body))
        }

        func login(_ email: String = "admin@example.com", _ password: String = "sandbox-admin") async throws -> String {
            let (status, body) = try await send("POST", "/api/auth/login", json: #"{"email":"\#(email)","password":"\#(password)"}"#)
            #expect(status == 200)
            return body?["token"]?.string ?? ""
        }
    }

    static func withWire(_ emulator: CloudEmulator, _ body: (Wire) async throws -> Void) async throws {
        try await withEmulatorServer(emulator) { server in
            let wire = Wire(base: server.baseURL)
            try await body(wire)
            await wire.transport.shutdown()
        }
    }

    @Test func errorsHaveThePlatformsShape() async throws {
        try await Self.withWire(try CloudEmulator()) { wire in
            let (status, body) = try await wire.send("GET", "/api/users")
            #expect(status == 401)
            #expect(body == ["detail": [:], "error": "Authentication and authorization failed: token not found"])
            let (badLogin, _) = try await wire.send("POST", "/api/auth/login", json: #"{"email":"admin@example.com","password":"no"}"#)
            #expect(badLogin == 401)
            let token = try await wire.login()
            let (missing, unknown) = try await wire.send("GET", "/api/users/999", token: token)
            #expect(missing == 404 && unknown?["error"] == "Unknown user")
        }
    }

    @Test func validationErrorsNameTheirFields() async throws {
        try await Self.withWire(try CloudEmulator()) { wire in
            let token = try await wire.login()
            let body = #"{"email":"not-an-address","password":"short","priority":true,"platform_ids":["x",3],"colour":"red"}"#
            let (status, reply) = try await wire.send("POST", "/api/users", token: token, json: body)
            #expect(status == 422)
            let fields = reply?["detail"]?["json"]
            #expect(fields?["email"] == ["Not a valid email address."])
            #expect(fields?["priority"] == ["Not a valid integer."])
            #expect(fields?["colour"] == ["Unknown field."])
            #expect(fields?["platform_ids"] == ["0": ["Unknown platform."], "1": ["Not a valid string."]])
            #expect(fields?["password"]?.array?.count == 1)
            #expect(reply?["error"] == "Validation error")
            let (paging, query) = try await wire.send("GET", "/api/users?limit=500", token: token)
            #expect(paging == 422 && query?["detail"]?["query"]?["limit"] != nil)
        }
    }

    @Test func adminsAreNeitherCreatedChangedNorDeleted() async throws {
        let emulator = try CloudEmulator()
        try await Self.withWire(emulator) { wire in
            let token = try await wire.login()
            let admin = #"{"email":"second@example.com","password":"Aa1!aaaa","is_admin":true}"#
            #expect(try await wire.send("POST", "/api/users", token: token, json: admin).0 == 403)
            let adminID = try #require(emulator.state.user(email: "admin@example.com")?.id)
            let other = try await wire.send("POST", "/api/users", token: token, json: #"{"email":"u@example.com","password":"Aa1!aaaa"}"#)
            #expect(other.0 == 201)
            // Another admin cannot be changed or deleted; a regular user cannot list.
            emulator.modifyState { _ = $0.addUser(email: "root@example.com", password: "Aa1!aaaa", isAdmin: true) }
            let rootID = try #require(emulator.state.user(email: "root@example.com")?.id)
            let (changed, reply) = try await wire.send("PUT", "/api/users/\(rootID)", token: token, json: #"{"priority":1}"#)
            #expect(changed == 403 && reply?["error"] == "Admin users cannot be modified")
            #expect(try await wire.send("DELETE", "/api/users/\(adminID)", token: token).0 == 403)
            #expect(try await wire.send("DELETE", "/api/users/\(rootID)", token: token).0 == 403)
            let userToken = try await wire.login("u@example.com", "Aa1!aaaa")
            #expect(try await wire.send("GET", "/api/users", token: userToken).0 == 403)
            #expect(emulator.state.users.count == 3)
        }
    }

    /// §3.3: a token's priority "must be lower than the user's priority"; equal is refused too.
    /// The user's priority caps its tokens' (§3.2), so it cannot be lowered to or below one of theirs.
    @Test func keyPriorityMustBeLowerThanTheUsers() async throws {
        let emulator = try CloudEmulator()
        emulator.modifyState { _ = $0.addUser(email: "k@example.com", password: "Aa1!aaaa", priority: 2) }
        try await Self.withWire(emulator) { wire in
            let token = try await wire.login()
            let id = try #require(emulator.state.user(email: "k@example.com")?.id)
            for priority in [3, 2] {
                let (high, reply) = try await wire.send("POST", "/api/tokens", token: token,
                                                        json: #"{"label":"ci","priority":\#(priority),"user_id":\#(id),"is_apikey":true}"#)
                #expect(high == 400 && reply?["error"] == "Can't assign priority higher than user priority", "\(priority)")
            }
            #expect(emulator.state.tokens.isEmpty)
            let (ok, created) = try await wire.send("POST", "/api/tokens", token: token,
                                                    json: #"{"label":"ci","priority":1,"user_id":\#(id),"is_apikey":true}"#)
            #expect(ok == 201 && created?["token"]?.string?.hasPrefix("_T_") == true)
            let keyID = try #require(created?["token_id"]?.int)
            #expect(try await wire.send("PUT", "/api/tokens/\(keyID)", token: token, json: #"{"priority":5}"#).0 == 400)
            #expect(try await wire.send("PUT", "/api/tokens/\(keyID)", token: token, json: #"{"priority":2}"#).0 == 400)
            #expect(emulator.state.tokens.first?.priority == 1)
            // Lowering the user to the key's priority is refused; after the key is lowered, it is not.
            let (lowered, refusal) = try await wire.send("PUT", "/api/users/\(id)", token: token, json: #"{"priority":1}"#)
            #expect(lowered == 400 && refusal?["error"] == "Can't assign priority lower than the user's token priority")
            #expect(emulator.state.user(id: id)?.priority == 2)
            #expect(try await wire.send("PUT", "/api/tokens/\(keyID)", token: token, json: #"{"priority":0}"#).0 == 200)
            #expect(try await wire.send("PUT", "/api/users/\(id)", token: token, json: #"{"priority":1}"#).0 == 200)
            #expect(emulator.state.user(id: id)?.priority == 1)
            let (again, dup) = try await wire.send("POST", "/api/tokens", token: token,
                                                   json: #"{"label":"ci","user_id":\#(id),"is_apikey":true}"#)
            #expect(again == 400 && dup?["error"] == "Label already exists: ci")
            // The key authenticates as its user.
            let keyToken = try #require(created?["token"]?.string)
            #expect(try await wire.send("GET", "/api/users/\(id)", token: keyToken).0 == 200)
        }
    }

    @Test func seedFileSetsPathsAndUsers() throws {
        let seed = try CloudSeed.parse("""
            paths: {login: /v2/login, update: "PATCH /v2/users/{id}"}
            platforms: [{id: p1, name: "qpu:one"}]
            users:
              - {email: a@example.com, password: x, is_admin: true, priority: 9, api_keys: [{label: ops, priority: 8}]}
            """, file: "seed.yaml")
        #expect(seed.routes.login == .init("POST", "/v2/login"))
        #expect(seed.routes.update == .init("PATCH", "/v2/users/{id}"))
        let state = try seed.makeState(now: 0)
        #expect(state.tokens.count == 1 && state.users.first?.isAdmin == true)
        #expect(throws: SandboxError.self) {
            _ = try CloudSeed.parse("users:\n  - {email: b@example.com, password: x, priority: 3, api_keys: [{label: ops, priority: 3}]}\n",
                                    file: "s.yaml")
        }
        #expect(throws: SandboxError.self) {
            _ = try CloudSeed.parse("platforms: [{id: p1}]\nusers:\n  - {email: a@example.com, password: x, platform_ids: [nope]}\n", file: "s.yaml")
        }
    }
}
