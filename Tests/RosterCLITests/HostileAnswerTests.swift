import CteraXML
import Foundation
import Logging
import RosterCore
import RosterHTTP
import RosterJSON
import RosterSandbox
import RosterTestSupport
import Synchronization
import Testing
import XMLRPC

/// Answers a vendor could send that must not exhaust roster: each wire codec refuses deep nesting
/// and reads a large body in bounded time; the HTTP layer refuses a body past its limit.
@Suite struct HostileAnswerTests {
    @Test func deepJSONIsRefusedNotOverflowed() {
        for open in ["[", "{\"a\":"] {
            let deep = Array(String(repeating: open, count: 100_000).utf8)
            guard case .none = JSONValue.parse(deep) else { Issue.record("read JSON nested 100,000 deep"); continue }
        }
        let fine = Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8)
        #expect(JSONValue.parse(fine)?.array?.count == 1)
    }

    @Test func deepXMLIsRefusedByBothXMLCodecs() {
        let xmlrpc = "<methodResponse><params><param>" + String(repeating: "<value><array><data>", count: 20_000)
        #expect(throws: XMLRPCError.self) { try XMLRPCResponse.decode(Array(xmlrpc.utf8)) }
        let ctera = String(repeating: "<list>", count: 20_000)
        #expect(throws: CteraXMLError.self) { try CteraXMLParser.parse(Array(ctera.utf8)) }
    }

    /// Each codec reads an answer of several MiB in linear time: well within a few seconds even
    /// in a debug build (a quadratic reader would take minutes).
    @Test func largeAnswersParseInBoundedTime() throws {
        let clock = ContinuousClock()
        let count = 20_000
        let users = (0..<count).map { "<value><struct><member><name>login</name><value><string>user\($0)</string></value></member></struct></value>" }
        let xmlrpc = "<methodResponse><params><param><value><array><data>" + users.joined() + "</data></array></value></param></params></methodResponse>"
        var decoded: XMLRPCResponse?
        let xmlrpcTime = try clock.measure { decoded = try XMLRPCResponse.decode(Array(xmlrpc.utf8)) }
        guard case .success(let value)? = decoded else { Issue.record("not a success: \(String(describing: decoded))"); return }
        #expect(value.array?.count == count)

        let objects = (0..<count).map { "<obj class=\"PortalUser\"><att id=\"name\"><val>user\($0)</val></att></obj>" }
        var parsed: CteraValue?
        let cteraTime = try clock.measure { parsed = try CteraXMLParser.parse(Array(("<list>" + objects.joined() + "</list>").utf8)) }
        #expect(parsed?.list?.count == count)

        let json = "[" + (0..<count).map { "{\"email\":\"user\($0)@example.com\",\"roles\":[\"a\",\"b\"]}" }.joined(separator: ",") + "]"
        var read: JSONValue?
        let jsonTime = clock.measure { read = JSONValue.parse(Array(json.utf8)) }
        #expect(read?.array?.count == count)
        for (codec, time) in [("XML-RPC", xmlrpcTime), ("CTERA XML", cteraTime), ("JSON", jsonTime)] {
            #expect(time < .seconds(30), "\(codec) took \(time) for \(count) objects")
        }
    }

    /// A cloud API that lets roster in and then answers 513 `[`, the input on which Foundation's
    /// JSON reader traps (found by fuzz-json).
    struct DeepCloud: EmulatorService {
        let type = "cloud"
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            request.path.hasSuffix("/login") ? .json(#"{"token": "t"}"#) : .json(String(repeating: "[", count: 513))
        }
    }

    @Test func aCloudAnswerFoundationWouldTrapOnIsAnError() async throws {
        let server = try await EmulatorServer.start(service: DeepCloud())
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              c: {type: cloud, url: "\(server.baseURL)", email: admin@example.com, password: pw}
            people: {}

            """)
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 1, "\(plan.all)")
        #expect(plan.stderr.contains("JSON nested deeper than 256 levels"), "\(plan.stderr)")
        try await server.shutdown()
    }

    /// Answers 1 MiB more than the HTTP layer takes.
    final class Flood: EmulatorService {
        let type = "flood"
        let asked = Mutex(0)
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            asked.withLock { $0 += 1 }
            return .json([UInt8](repeating: 0x20, count: (64 << 20) + (1 << 20)))
        }
    }

    /// Refused at once: the answer would be as large the next time, so it is not asked again.
    @Test func anAnswerPastTheBodyLimitIsRefused() async throws {
        let flood = Flood()
        try await withEmulatorServer(flood) { server in
            let transport = HTTPTransport(backend: "flood", mode: .readOnly, logger: Logger(label: "test"))
            do {
                _ = try await transport.send(HTTPRequestSpec(method: "GET", url: server.baseURL + "/users", mutating: false,
                                                             operation: "GET /users"))
                Issue.record("a 65 MiB answer was read")
            } catch {
                #expect("\(error)".contains("the answer of \(server.baseURL) is larger than 64 MiB"), "\(error)")
            }
            await transport.shutdown()
            #expect(flood.asked.withLock { $0 } == 1)
        }
    }
}
