import Foundation
import Testing
import XMLRPC
@testable import RosterSandbox

@Suite struct UyuniHTTPTests {
    func post(_ client: RawHTTPClient, _ method: String, _ params: [XMLRPCValue]) async throws -> (RawHTTPClient.Response, XMLRPCResponse) {
        let body = XMLRPCMethodCall(methodName: method, params: params).encoded()
        let response = try await client.send("POST", "/rpc/api", headers: [("Content-Type", "text/xml")], body: body)
        return (response, try XMLRPCResponse.decode(response.body))
    }

    @Test func answersInRedstoneLayoutWithStatus200() async throws {
        let emulator = try UyuniEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = try await RawHTTPClient.connecting(port: server.port)
            let (http, login) = try await post(client, "auth.login", ["admin", "sandbox-admin"])
            #expect(http.status == 200)
            #expect(http.header("Content-Type") == "text/xml")
            let key = try #require(login.value?.string)
            let (faultHTTP, fault) = try await post(client, "user.getDetails", [.string(key), "nobody"])
            #expect(faultHTTP.status == 200)
            #expect(fault == .fault(code: -213, string: "redstone.xmlrpc.XmlRpcFault: No such user"))
            #expect(faultHTTP.body == fault.encodedRedstone())
            let (listHTTP, _) = try await post(client, "user.listUsers", [.string(key)])
            #expect(listHTTP.text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value><array><data><value><struct><member><name>id</name><value><i4>1</i4></value></member>"# + "\n"))
        }
    }

    @Test func redirectsAndNotFound() async throws {
        let emulator = try UyuniEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = try await RawHTTPClient.connecting(port: server.port)
            let get = try await client.send("GET", "/rpc/api")
            #expect(get.status == 302)
            #expect(get.header("Location") == "/rhn/apidoc/index.jsp")
            let soap = try await client.send("POST", "/rpc/api", headers: [("SOAPAction", "x")], body: Array("<x/>".utf8))
            #expect(soap.status == 302)
            #expect(try await client.send("GET", "/rhn/manager/api/user/listUsers").status == 404)
            let malformed = try await client.send("POST", "/rpc/api", body: Array("<methodCall>".utf8))
            #expect(malformed.status == 200)
            #expect(try XMLRPCResponse.decode(malformed.body).faultCode == -1)
        }
    }

    @Test func requestLogSeparatesReadsFromWrites() async throws {
        let emulator = try UyuniEmulator()
        try await withEmulatorServer(emulator) { server in
            let client = try await RawHTTPClient.connecting(port: server.port)
            let key = try #require(await post(client, "auth.login", ["admin", "sandbox-admin"]).1.value)
            _ = try await post(client, "user.listUsers", [key])
            _ = try await post(client, "user.getDetails", [key, "admin"])
            _ = try await post(client, "systemgroup.listAllGroups", [key])
            #expect(emulator.log.mutations.isEmpty)
            _ = try await post(client, "user.create", [key, "newbie1", "password1", "N", "B", "n@example.com"])
            _ = try await post(client, "user.create", [key, "newbie1", "password1", "N", "B", "n@example.com"])  // a failed write is still a write
            _ = try await post(client, "user.frobnicate", [key])
            #expect(emulator.log.operations == [
                "auth.login", "user.listUsers", "user.getDetails", "systemgroup.listAllGroups", "user.create", "user.create", "user.frobnicate",
            ])
            #expect(emulator.log.mutations.map(\.operation) == ["user.create", "user.create", "user.frobnicate"])
            #expect(emulator.log.entries.allSatisfy { $0.method == "POST" && $0.path == "/rpc/api" })
        }
    }

    @Test func stateFileCarriesStateAcrossInstances() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roster-uyuni-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("uyuni.state.json").path

        let first = try UyuniEmulator(statePath: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        let key = try #require(first.perform(.init(methodName: "auth.login", params: ["admin", "sandbox-admin"])).value)
        #expect(first.perform(.init(methodName: "user.create", params: [key, "kept1", "password1", "K", "P", "k@example.com"])) == .success(1))
        #expect(first.perform(.init(methodName: "user.addRole", params: [key, "kept1", "config_admin"])) == .success(1))
        #expect(FileManager.default.fileExists(atPath: path))

        var otherSeed = UyuniSeed.default
        otherSeed.users[0].password = "different"
        let second = try UyuniEmulator(seed: otherSeed, statePath: path)
        #expect(second.state == first.state)
        let key2 = try #require(second.perform(.init(methodName: "auth.login", params: ["admin", "sandbox-admin"])).value)
        #expect(second.perform(.init(methodName: "user.listRoles", params: [key2, "kept1"])) == .success(["config_admin"]))
    }

    @Test func faultsRollBackAndAreNotPersisted() throws {
        let harness = try UyuniHarness()
        try harness.createUser("jdoe1")
        let before = harness.emulator.state
        #expect(harness.admin("user.addAssignedSystemGroups", "jdoe1", ["web", "missing"], true).faultCode == 2200)
        #expect(harness.admin("user.setDetails", "jdoe1", ["email": "ok@example.com", "prefix": "Bad"]).faultCode == -500)
        #expect(harness.emulator.state == before)
    }

    @Test func sandboxLauncher() async throws {
        #expect(Sandbox.types == ["activelogic", "cloud", "ctera", "uyuni", "squirro"])
        #expect(throws: SandboxError.self) { try Sandbox.makeService(type: "nope", seedPath: nil, statePath: nil) }
        let (server, service) = try await Sandbox.start(type: "uyuni")
        #expect(service.type == "uyuni")
        let client = try await RawHTTPClient.connecting(port: server.port)
        #expect(try await post(client, "api.getVersion", []).1 == .success("27"))
        try await server.shutdown()
    }
}
