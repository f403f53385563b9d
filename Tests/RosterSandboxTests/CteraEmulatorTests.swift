import CteraXML
import Foundation
@testable import RosterSandbox
import Testing

/// The CTERA emulator on the wire, request by request, with the SDK's captured bodies.
@Suite struct CteraEmulatorTests {
    /// A logged-in connection: the cookie from the login answer on every request.
    struct Portal {
        let client: RawHTTPClient
        let cookie: String

        static func login(_ server: EmulatorServer, password: String = "sandbox-admin") async throws -> Portal {
            let client = try await RawHTTPClient.connecting(port: server.port)
            let reply = try await client.send("POST", "/admin/api/login",
                                              headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array("j_username=admin&j_password=\(password)".utf8))
            let cookie = reply.header("Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
            return Portal(client: client, cookie: cookie)
        }

        func send(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawHTTPClient.Response {
            try await client.send(method, "/admin/api" + path, headers: [("Cookie", cookie), ("Content-Type", "text/plain")],
                                  body: Array((body ?? "").utf8))
        }

        func call(_ path: String, _ type: String, _ name: String, _ param: CteraValue) async throws -> CteraValue {
            let envelope = CteraObject(nil, ["type": .text(type), "name": .text(name), "param": param])
            let reply = try await send("POST", path, envelope.xml())
            return try CteraXMLParser.parse(reply.body)
        }
    }

    @Test func noSessionRedirectsToTheLoginPage() async throws {
        try await withEmulatorServer(try CteraEmulator()) { server in
            let client = try await RawHTTPClient.connecting(port: server.port)
            let reply = try await client.send("GET", "/admin/api/currentSession")
            #expect(reply.status == 302)
            #expect(reply.header("Location") == "/ServicesPortal/login.html")
            let wrong = try await Portal.login(server, password: "wrong")
            #expect(wrong.cookie.isEmpty)
        }
    }

    @Test func loginAndBootstrapAnswerWhatTheSDKReads() async throws {
        try await withEmulatorServer(try CteraEmulator()) { server in
            let portal = try await Portal.login(server)
            #expect(portal.cookie.hasPrefix("JSESSIONID="))
            let session = try CteraXMLParser.parse(try await portal.send("GET", "/currentSession").body).object
            #expect(session?.string("username") == "admin" && session?.string("role") == "ReadWriteAdmin")
            #expect(session?["domain"] == .null)
            #expect(try await portal.send("GET", "/currentPortal").text == "<val />")
            #expect(try await portal.send("GET", "/version").text == "<val>7.9.3090.7</val>")
            let settings = try CteraXMLParser.parse(try await portal.send("GET", "/rolesSettings/readWriteAdminSettings").body)
            #expect(settings.object?.bool("canManageComplianceSetting") == true)
            #expect(try await portal.send("PUT", "/currentPortal", "<val>acme</val>").status == 200)
            #expect(try await portal.send("GET", "/currentPortal").text == "<val>acme</val>")
            #expect(try await portal.send("PUT", "/currentPortal", "<val>nosuch</val>").status == 404)
        }
    }

    @Test func queryPagesByFifty() async throws {
        let emulator = try CteraEmulator()
        emulator.modifyState { state in
            for i in 0..<60 {
                state.portals[0].users.append(.init(uid: 9000 + i, name: "u\(i)", email: "e", firstName: "f",
                                                    lastName: "l", role: "EndUser", password: ""))
            }
        }
        try await withEmulatorServer(emulator) { server in
            let portal = try await Portal.login(server)
            func page(_ start: Int) async throws -> CteraObject? {
                let param = CteraObject(nil, ["startFrom": .int(start), "countLimit": .int(50),
                                              "include": .list([.text("email"), .text("name")])])
                return try await portal.call("/users", "db", "query", .object(param)).object
            }
            let first = try #require(try await page(0))
            #expect(first.bool("hasMore") == true && first.list("objects")?.count == 50)
            #expect(first.list("objects")?.first?.object?.names == ["email", "name"])
            let second = try #require(try await page(50))
            #expect(second.bool("hasMore") == false && second.list("objects")?.count == 11)
        }
    }

    @Test func putIgnoresReadOnlyAttributesAndAnEchoedEmptyPassword() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let portal = try await Portal.login(server)
            _ = try await portal.send("PUT", "/currentPortal", "<val>acme</val>")
            var carol = try #require(try CteraXMLParser.parse(try await portal.send("GET", "/users/carol").body).object)
            let uid = carol.int("uid")
            carol["uid"] = .int(1)
            carol["baseObjectRef"] = .text("objs/1/x/PortalUser/x")
            carol["password"] = .text("")
            carol["comment"] = .text("")
            carol["name"] = .text("caroline")
            #expect(try await portal.send("PUT", "/users/carol", carol.xml()).status == 200)
            let user = try #require(emulator.state.portal("acme")?.users.first { $0.name == "caroline" })
            #expect(user.uid == uid && user.password == "carol-pass-1" && user.comment == "")
            let missing = try await portal.send("PUT", "/users/carol", carol.xml())
            #expect(missing.status == 404)
            #expect(try CteraXMLParser.parse(missing.body).object?.string("msg") == "Resource does not exist")
            let get = try await portal.call("/users/nobody", "db", "get-multi", .list([.text("/name")]))
            #expect(get.object?["name"] == .null)
        }
    }

    /// Reference A.6.4 and A.9.7: `modify` is for local users only; directory users are read,
    /// listed and deleted, never written. A PUT to one is refused and changes nothing.
    @Test func directoryUsersAreNotWritten() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let portal = try await Portal.login(server)
            _ = try await portal.send("PUT", "/currentPortal", "<val>acme</val>")
            let got = try await portal.send("GET", "/domains/demo.local/adUsers/dave")
            #expect(got.status == 200)
            var dave = try #require(try CteraXMLParser.parse(got.body).object)
            dave["role"] = .text("ReadWriteAdmin")
            let put = try await portal.send("PUT", "/domains/demo.local/adUsers/dave", dave.xml())
            #expect(put.status == 405, "\(put.status)")
            #expect(try CteraXMLParser.parse(put.body).object?.string("msg")?.contains("directory") == true)
            let stored = emulator.state.portal("acme")?.domains[0].users.first { $0.name == "dave" }
            #expect(stored?.role == "EndUser")
        }
    }

    @Test func addValidatesAndDuplicatesConflict() async throws {
        try await withEmulatorServer(try CteraEmulator()) { server in
            let portal = try await Portal.login(server)
            let user = CteraObject("PortalUser", ["name": .text("alice"), "email": .text("alice@example.com"),
                                                  "firstName": .text("Alice"), "lastName": .text("L"),
                                                  "password": .text("Pa55w0rd!"), "role": .text("EndUser")])
            let envelope = { (u: CteraObject) in CteraObject(nil, ["type": .text("db"), "name": .text("add"), "param": .object(u)]).xml() }
            #expect(try await portal.send("POST", "/users", envelope(user)).status == 200)
            let again = try await portal.send("POST", "/users", envelope(user))
            #expect(again.status == 409)
            var bad = user
            bad["name"] = .text("bad")
            bad["role"] = .text("Boss")
            #expect(try await portal.send("POST", "/users", envelope(bad)).status == 400)
            #expect(try await portal.send("POST", "/users", "<obj><att").status == 400)
        }
    }

    @Test func keysAndTasks() async throws {
        let emulator = try CteraEmulator()
        try await withEmulatorServer(emulator) { server in
            let portal = try await Portal.login(server)
            let created = try await portal.call("", "user-defined", "createApiKey", .int(1001))
            #expect(created.object?.string("secretKey")?.count == 40)
            let listed = try await portal.call("", "user-defined", "getApiKeys", .int(1001))
            #expect(listed.list?.count == 1 && listed.list?.first?.object?["secretKey"] == nil)
            let ref = try await portal.call("", "user-defined", "updateAccounts",
                                            .object(CteraObject(nil, ["objectId": .null, "type": .text("users")])))
            let path = try #require(ref.string)
            #expect(path.hasPrefix("servers/MainDB/bgTasks/"))
            let first = try CteraXMLParser.parse(try await portal.send("GET", "/" + path).body).object
            #expect(first?.string("status") == "running")
            let second = try CteraXMLParser.parse(try await portal.send("GET", "/" + path).body).object
            #expect(second?.string("status") == "completed")
            #expect(emulator.log.mutations.map(\.operation) == ["user-defined createApiKey /", "user-defined updateAccounts /"])
        }
    }

    /// A user with the `Disabled` role cannot sign in, whatever role they had; a deleted S3 key is
    /// no longer accepted, and the state's checks say the same as the wire.
    @Test func disabledUsersAndDeletedKeysGetNoWayIn() async throws {
        var seed = CteraSeed.default
        seed.global.users.append(.init(name: "gina", email: "gina@example.com", firstName: "Gina", lastName: "Grey",
                                       role: "ReadOnlyAdmin", password: "Gina-pass-1"))
        let emulator = try CteraEmulator(seed: seed)
        try await withEmulatorServer(emulator) { server in
            func signsIn() async throws -> Bool {
                let client = try await RawHTTPClient.connecting(port: server.port)
                let reply = try await client.send("POST", "/admin/api/login",
                                                  headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                  body: Array("j_username=gina&j_password=Gina-pass-1".utf8))
                return reply.status == 200
            }
            #expect(try await signsIn())
            let portal = try await Portal.login(server)
            let uid = try #require(emulator.state.portal("")?.users.first { $0.name == "gina" }?.uid)
            let created = try await portal.call("", "user-defined", "createApiKey", .int(uid)).object
            let access = try #require(created?.string("accessKey")), secret = try #require(created?.string("secretKey"))
            #expect(emulator.state.acceptsS3Key(accessKey: access, secretKey: secret))
            #expect(!emulator.state.acceptsS3Key(accessKey: access, secretKey: secret + "x"))
            var user = try CteraXMLParser.parse(try await portal.send("GET", "/users/gina").body).object
            user?["role"] = .text("Disabled")
            #expect(try await portal.send("PUT", "/users/gina", try #require(user).xml()).status == 200)
            #expect(try await !signsIn())
            let keyUid = try #require(emulator.state.portal("")?.users.first { $0.name == "gina" }?.keys.first?.uid)
            let delete = CteraObject(nil, ["type": .text("user-defined"), "name": .text("deleteApiKey"), "param": .int(keyUid)])
            #expect(try await portal.send("POST", "", delete.xml()).status == 200)
            #expect(!emulator.state.acceptsS3Key(accessKey: access, secretKey: secret))
            user?["role"] = .text("ReadOnlyAdmin")
            #expect(try await portal.send("PUT", "/users/gina", try #require(user).xml()).status == 200)
            #expect(try await signsIn())
        }
    }
}
