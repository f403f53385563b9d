import Synchronization
import Testing
@testable import RosterSandbox

/// A service that echoes what it received, for testing the server alone.
struct EchoService: EmulatorService {
    let type = "echo"

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        let text = "\(request.method) \(request.path) q=\(request.queryValue("q") ?? "-") "
            + "h=\(request.header("x-test") ?? "-") body=\(request.body.count)"
        return .text(text)
    }
}

@Suite struct EmulatorServerTests {
    @Test func servesOnAnEphemeralPortWithKeepAlive() async throws {
        try await withEmulatorServer(EchoService()) { server in
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
            let client = try await RawHTTPClient.connecting(port: server.port)
            let first = try await client.send("GET", "/a/b?q=hello%20world&x=1", headers: [("X-Test", "yes")])
            #expect(first.status == 200)
            #expect(first.text == "GET /a/b q=hello world h=yes body=0")
            let second = try await client.send("POST", "/c", body: Array("12345".utf8))
            #expect(second.text == "POST /c q=- h=- body=5")
            #expect(second.header("Content-Length") == "22")
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        let server = try await EmulatorServer.start(service: EchoService(), bodyLimit: 1024)
        let client = try await RawHTTPClient.connecting(port: server.port)
        let response = try await client.send("POST", "/big", body: [UInt8](repeating: 65, count: 2048))
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        try await server.shutdown()
    }

    @Test func latencyIsInjected() async throws {
        try await withEmulatorServer(EchoService()) { server in
            server.faults = FaultPlan(latency: .milliseconds(300))
            let client = try await RawHTTPClient.connecting(port: server.port)
            let start = ContinuousClock.now
            _ = try await client.send("GET", "/")
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test func errorsAndDropsAreInjected() async throws {
        try await withEmulatorServer(EchoService()) { server in
            server.faults = FaultPlan(errorRate: 1, errorStatus: 502, applies: { $0.path == "/flaky" })
            let client = try await RawHTTPClient.connecting(port: server.port)
            #expect(try await client.send("GET", "/flaky").status == 502)
            #expect(try await client.send("GET", "/fine").status == 200)
            server.faults = FaultPlan(dropRate: 1)
            await #expect(throws: RawHTTPClient.Failure.self) { try await client.send("GET", "/fine") }
        }
    }

    @Test func shutdownClosesConnectionsAndIsIdempotent() async throws {
        let server = try await EmulatorServer.start(service: EchoService())
        let client = try await RawHTTPClient.connecting(port: server.port)
        #expect(try await client.send("GET", "/").status == 200)
        try await server.shutdown()
        try await server.shutdown()
        await #expect(throws: (any Error).self) { try await client.send("GET", "/") }
        await #expect(throws: (any Error).self) { try await RawHTTPClient.connecting(port: server.port) }
    }

    @Test func requestLogIsThreadSafe() async {
        let log = RequestLog()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask { log.record(.init(method: "POST", path: "/", operation: "op\(index)", mutating: index % 2 == 0)) }
            }
        }
        #expect(log.entries.count == 100)
        #expect(log.mutations.count == 50)
        log.reset()
        #expect(log.entries.isEmpty)
    }
}
