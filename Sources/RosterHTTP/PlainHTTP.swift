import Foundation
import RosterCore
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over plain TCP, for `http://` URLs reached without a proxy (a sandbox, a server on
/// the same host or a private network): kept-alive connections, each a blocking socket. A request
/// from an `IOExecutor` thread is sent from that thread; one from elsewhere goes to a connection
/// thread of this client's, one request at a time. A request costs a `send` and a `recv` or two, against
/// the channel pipeline, state machines and event-loop hops of the general client, which serves
/// `https://` and proxies. The answer is read whole, as the general client's is.
final class PlainHTTP: @unchecked Sendable {
    struct Request {
        var method: String
        var server: PlainHTTPServer
        /// The request target: path and query.
        var path: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]?
    }

    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    private struct Job {
        let request: Request
        let done: (Result<Answer, any Error>) -> Void
    }

    let limit: Int
    let timeout: Duration
    let maxBody: Int
    private var threads: GrowingThreadPool<Job>!

    /// At most `limit` connections; `timeout` for each read or write of an answer (and at most
    /// 10 seconds to open a connection).
    init(limit: Int, timeout: Duration, maxBody: Int) {
        self.limit = max(1, limit)
        self.timeout = timeout
        self.maxBody = maxBody
        threads = GrowingThreadPool(name: "roster-http", maxThreads: limit, stackSize: 256 * 1024) {
            [timeout, maxBody] in Self.connectionThread(timeout: timeout, maxBody: maxBody)
        }
    }

    func send(_ request: Request) async throws -> Answer {
        if let thread = IOThread.current { return try exchange(request, on: thread) }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            enqueue(Job(request: request) { continuation.resume(with: $0) })
        }
    }

    /// The request sent from the calling `IOExecutor` thread, over a connection it keeps.
    private func exchange(_ request: Request, on thread: IOThread) throws -> Answer {
        thread.executor.beforeBlocking()
        let kept = KeptConnections.of(thread)
        let connection = try kept.connection(to: request.server, timeout: timeout)
        do {
            let (answer, keep) = try connection.exchange(request, maxBody: maxBody)
            if keep { kept.keep(connection) } else { connection.close() }
            return answer
        } catch {
            connection.close()
            throw error
        }
    }

    private func enqueue(_ job: Job) {
        if !threads.push(job) { job.done(.failure(PlainHTTPError(.closed, "the connection pool is shut down"))) }
    }

    /// One connection thread's handler: its socket serves one request after another (and is
    /// closed with the handler when the thread ends).
    private static func connectionThread(timeout: Duration, maxBody: Int) -> (Job) -> Void {
        var connection: PlainHTTPConnection?
        return { job in
            do {
                if let open = connection, open.server != job.request.server || !open.isUsable {
                    open.close()
                    connection = nil
                }
                let current = try connection ?? PlainHTTPConnection(job.request.server, timeout: timeout)
                connection = current
                let (answer, keep) = try current.exchange(job.request, maxBody: maxBody)
                if !keep { current.close(); connection = nil }
                job.done(.success(answer))
            } catch {
                connection?.close()
                connection = nil
                job.done(.failure(error))
            }
        }
    }

    /// Ends every thread after the requests already queued.
    func shutdown() {
        threads.shutdown()
    }
}

/// Where a plain request goes: host and port of an `http://` URL.
struct PlainHTTPServer: Hashable {
    var host: String
    var port: Int

    /// The server and the request target (path and query) of `http://host[:port]/path?query`
    /// without user info or fragment; nil for anything else (the general client then takes it).
    static func parse(_ url: String) -> (server: PlainHTTPServer, path: String)? {
        var url = url
        return url.withUTF8 { bytes -> (server: PlainHTTPServer, path: String)? in
            let scheme = Array("http://".utf8)
            guard bytes.count > scheme.count, bytes.starts(with: scheme) else { return nil }
            let rest = bytes[scheme.count...]
            let slash = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
            let authority = rest[..<slash], target = rest[slash...]
            // Printable ASCII only; user info and fragments are the general client's.
            guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")), !target.contains(UInt8(ascii: "#")),
                  !target.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return nil }
            var host = authority, port = 80
            if authority.first == UInt8(ascii: "[") {
                guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
                host = authority[(authority.startIndex + 1)..<close]
                let after = authority[(close + 1)...]
                guard after.isEmpty || after.first == UInt8(ascii: ":") else { return nil }
                if !after.isEmpty { port = Self.port(after.dropFirst()) }
            } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
                host = authority[..<colon]
                port = Self.port(authority[(colon + 1)...])
            }
            guard !host.isEmpty, (1...65535).contains(port) else { return nil }
            var path = String(decoding: target, as: UTF8.self)
            if path.isEmpty { path = "/" } else if path.first == "?" { path = "/" + path }
            return (PlainHTTPServer(host: String(decoding: host, as: UTF8.self), port: port), path)
        }
    }

    /// Decimal digits as a port; -1 for anything else.
    private static func port(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ (48...57).contains($0) }) else { return -1 }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// The `Host` header's value.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }
}

/// A request on a plain connection that got no (whole) answer. `kind` says whether it can have
/// reached the server: a connection that could not be opened never carried it.
struct PlainHTTPError: Error, CustomStringConvertible {
    enum Kind { case connect, closed, timeout, tooLarge, malformed }
    var kind: Kind
    var detail: String

    init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    var description: String { detail }
}
