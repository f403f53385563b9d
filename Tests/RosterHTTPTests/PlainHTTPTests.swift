import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import RosterHTTP
import Synchronization
import Testing

/// The plain HTTP/1.1 client against a loopback server that answers from a script: what a server
/// may send (chunks, `Connection: close`, a closed idle connection) and what reaches it.
@Suite struct PlainHTTPTests {
    /// Accepts connections on 127.0.0.1 (port 0); answers each request with the next scripted
    /// answer; an answer of nil closes the connection without a word.
    final class ScriptedServer: @unchecked Sendable {
        let port: Int
        let listener: Int32
        let script: Mutex<[[UInt8]?]>
        let connections = Mutex(0)
        let requests = Mutex([String]())
        /// Connections the server has closed itself.
        let closed = Mutex(0)
        let closeAfterEachAnswer: Bool

        init(_ answers: [String?], closeAfterEachAnswer: Bool = false) throws {
            script = Mutex(answers.map { $0.map { Array($0.utf8) } })
            self.closeAfterEachAnswer = closeAfterEachAnswer
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            guard bound == 0, listen(fd, 16) == 0 else { throw PlainHTTPError(.connect, "cannot listen") }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            listener = fd
            port = Int(UInt16(bigEndian: address.sin_port))
            Thread { [self] in acceptLoop() }.start()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        /// Wakes the accepting thread, which closes the listener itself: closed here, its number
        /// could go to another test's socket while that thread still accepts on it.
        func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

        private func acceptLoop() {
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { _ = close(listener); return }
                connections.withLock { $0 += 1 }
                Thread { [self] in serve(fd) }.start()
            }
        }

        private func serve(_ fd: Int32) {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                // One request: its head, then as many body bytes as Content-Length says.
                while PlainHTTPConnection.find(pending, from: 0, [13, 10, 13, 10]) == nil {
                    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
                    guard n > 0 else { _ = close(fd); return }
                    pending += chunk[0..<n]
                }
                let end = PlainHTTPConnection.find(pending, from: 0, [13, 10, 13, 10])! + 4
                let head = String(decoding: pending[0..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while pending.count < end + length {
                    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
                    guard n > 0 else { _ = close(fd); return }
                    pending += chunk[0..<n]
                }
                requests.withLock { $0.append(head + String(decoding: pending[end..<(end + length)], as: UTF8.self)) }
                pending.removeFirst(end + length)
                let answer = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                guard let answer else { _ = close(fd); closed.withLock { $0 += 1 }; return }
                _ = answer.withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                if closeAfterEachAnswer { _ = close(fd); closed.withLock { $0 += 1 }; return }
            }
        }
    }

    static func ok(_ body: String, extra: String = "") -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\(extra)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func request(_ url: String, method: String = "GET", body: String? = nil) -> PlainHTTP.Request {
        let (server, path) = PlainHTTPServer.parse(url)!
        return PlainHTTP.Request(method: method, server: server, path: path, headers: [("Content-Type", "text/xml")],
                                 body: body.map { Array($0.utf8) })
    }

    @Test func requestsShareOneKeptAliveConnection() async throws {
        let server = try ScriptedServer([Self.ok("one"), Self.ok("two"), Self.ok("three")])
        defer { server.stop() }
        // One connection thread: with more, a request sent while the last answer's thread is
        // still on its way back may start another.
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1 << 20)
        defer { client.shutdown() }
        var bodies: [String] = []
        for (i, method) in ["POST", "GET", "PUT"].enumerated() {
            let answer = try await client.send(Self.request(server.url + "/RPC2?x=\(i)", method: method, body: method == "GET" ? nil : "<a/>"))
            #expect(answer.status == 200)
            bodies.append(String(decoding: answer.body, as: UTF8.self))
        }
        #expect(bodies == ["one", "two", "three"])
        #expect(server.connections.withLock { $0 } == 1)
        let requests = server.requests.withLock { $0 }
        #expect(requests.count == 3)
        #expect(requests[0].hasPrefix("POST /RPC2?x=0 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"))
        #expect(requests[0].contains("Content-Type: text/xml\r\n") && requests[0].hasSuffix("Content-Length: 4\r\n\r\n<a/>"))
        #expect(!requests[1].lowercased().contains("content-length"))
    }

    @Test func chunkedAnswersAreJoinedAndTrailersSkipped() async throws {
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n"
        let server = try ScriptedServer([chunked, Self.ok("after")])
        defer { server.stop() }
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1 << 20)
        defer { client.shutdown() }
        let first = try await client.send(Self.request(server.url + "/"))
        #expect(String(decoding: first.body, as: UTF8.self) == "Wikipedia")
        let second = try await client.send(Self.request(server.url + "/"))
        #expect(String(decoding: second.body, as: UTF8.self) == "after")
        #expect(server.connections.withLock { $0 } == 1)
    }

    @Test func connectionCloseAndAClosedIdleConnectionOpenANewOne() async throws {
        let server = try ScriptedServer([Self.ok("a", extra: "Connection: close\r\n"), Self.ok("b"), Self.ok("c")],
                                        closeAfterEachAnswer: true)
        defer { server.stop() }
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1 << 20)
        defer { client.shutdown() }
        for expected in ["a", "b", "c"] {
            // The server has closed the connection of the last answer before the next request.
            let answer = try await client.send(Self.request(server.url + "/"))
            #expect(String(decoding: answer.body, as: UTF8.self) == expected)
            for _ in 0..<1000 where server.closed.withLock({ $0 }) < server.connections.withLock({ $0 }) {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(server.connections.withLock { $0 } == 3)
        #expect(server.requests.withLock { $0.count } == 3)
    }

    @Test func aDroppedAnswerIsAnErrorThatMayHaveLanded() async throws {
        let server = try ScriptedServer([nil])
        defer { server.stop() }
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1 << 20)
        defer { client.shutdown() }
        await #expect { try await client.send(Self.request(server.url + "/", method: "POST", body: "x")) } throws: { error in
            (error as? PlainHTTPError)?.kind == .closed && !HTTPTransport.neverSent(error)
        }
        #expect(server.requests.withLock { $0.count } == 1)
    }

    @Test func aRefusedConnectionNeverSentTheRequest() async throws {
        // A port bound but not listening refuses connections, and stays out of other tests' reach
        // while it is held (a stopped server's port could be handed to another test's server).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        #expect(bound == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1 << 20)
        defer { client.shutdown() }
        await #expect { try await client.send(Self.request(url + "/")) } throws: { error in
            (error as? PlainHTTPError)?.kind == .connect && HTTPTransport.neverSent(error)
        }
    }

    @Test func anAnswerPastTheLimitIsRefused() async throws {
        let server = try ScriptedServer([Self.ok(String(repeating: "x", count: 2000))])
        defer { server.stop() }
        let client = PlainHTTP(limit: 1, timeout: .seconds(30), maxBody: 1000)
        defer { client.shutdown() }
        await #expect { try await client.send(Self.request(server.url + "/")) } throws: { error in
            (error as? PlainHTTPError)?.kind == .tooLarge
        }
    }

    @Test func onlyPlainURLsWithoutUserInfoAreTakenApart() {
        #expect(PlainHTTPServer.parse("http://127.0.0.1:8080/rpc/api")! == (PlainHTTPServer(host: "127.0.0.1", port: 8080), "/rpc/api"))
        #expect(PlainHTTPServer.parse("http://example.com")! == (PlainHTTPServer(host: "example.com", port: 80), "/"))
        #expect(PlainHTTPServer.parse("http://example.com?a=1")!.path == "/?a=1")
        #expect(PlainHTTPServer.parse("http://[::1]:9/x")! == (PlainHTTPServer(host: "::1", port: 9), "/x"))
        #expect(PlainHTTPServer(host: "::1", port: 9).authority == "[::1]:9")
        for refused in ["https://example.com/", "http://user:pw@example.com/", "http://example.com/a b",
                        "http://example.com:0/", "http://example.com:x/", "http:///path", "http://h/p#frag"] {
            #expect(PlainHTTPServer.parse(refused) == nil, "\(refused)")
        }
    }
}
