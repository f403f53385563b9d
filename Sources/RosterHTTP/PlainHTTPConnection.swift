import Foundation
import RosterCore
#if canImport(Glibc)
import Glibc
#endif

/// One kept-alive TCP connection of `PlainHTTP`, used by one thread at a time: a blocking socket
/// with send and receive timeouts, and the bytes read past the last answer.
final class PlainHTTPConnection {
    let server: PlainHTTPServer
    let timeout: Duration
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Where the unread bytes of `buffer` start.
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(_ server: PlainHTTPServer, timeout: Duration) throws {
        self.server = server
        self.timeout = timeout
        fd = try Self.connect(server, timeout: timeout)
    }

    deinit { close() }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Whether an idle connection can carry another request: the server has not closed it (a
    /// closed or half-closed socket polls readable) and it has sent nothing unasked.
    var isUsable: Bool {
        guard fd >= 0, start == buffer.count else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) == 0
    }

    private static func connect(_ server: PlainHTTPServer, timeout: Duration) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(server.host, String(server.port), &hints, &list)
        guard status == 0, let first = list else {
            throw PlainHTTPError(.connect, "cannot resolve \(server.host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else { lastError = errno; continue }
            setTimeout(fd, SO_SNDTIMEO, min(timeout, .seconds(10)))
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                setTimeout(fd, SO_SNDTIMEO, timeout)
                setTimeout(fd, SO_RCVTIMEO, timeout)
                return fd
            }
            lastError = errno
            _ = Glibc.close(fd)
        }
        throw PlainHTTPError(.connect, "connect to \(server.authority): \(String(cString: strerror(lastError)))")
    }

    private static func setTimeout(_ fd: Int32, _ option: Int32, _ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends one request and reads its answer; whether the connection may carry another.
    func exchange(_ request: PlainHTTP.Request, maxBody: Int) throws -> (PlainHTTP.Answer, Bool) {
        try write(Self.encode(request, server: server))
        let head = try readHead()
        let status = head.status
        var keep = head.keepAlive
        let body: [UInt8]
        if request.method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else if head.chunked {
            body = try readChunked(maxBody: maxBody)
        } else if let length = head.contentLength {
            guard length <= maxBody else { throw PlainHTTPError(.tooLarge, "the answer is larger than \(maxBody >> 20) MiB") }
            body = try read(count: length)
        } else {
            body = try readToEnd(maxBody: maxBody)
            keep = false
        }
        return (PlainHTTP.Answer(status: status, headers: head.headers, body: body), keep)
    }

    static func encode(_ request: PlainHTTP.Request, server: PlainHTTPServer) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (request.body?.count ?? 0))
        func add(_ text: String) { bytes.append(contentsOf: text.utf8) }
        add(request.method); add(" "); add(request.path); add(" HTTP/1.1\r\nHost: "); add(server.authority); add("\r\n")
        for header in request.headers where !Self.isFraming(header.name) {
            add(header.name); add(": "); add(header.value); add("\r\n")
        }
        if let body = request.body { add("Content-Length: "); add(String(body.count)); add("\r\n") }
        else if ["POST", "PUT", "PATCH"].contains(request.method) { add("Content-Length: 0\r\n") }
        add("\r\n")
        if let body = request.body { bytes.append(contentsOf: body) }
        return bytes
    }

    static func isFraming(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4, 10, 14, 17: Self.framing.contains(name.lowercased())
        default: false
        }
    }

    /// Headers the connection writes itself.
    static let framing: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("send", errno)
            }
            sent += n
        }
    }

    private func failure(_ what: String, _ code: Int32) -> PlainHTTPError {
        if code == EAGAIN || code == EWOULDBLOCK { return PlainHTTPError(.timeout, "no answer from \(server.authority) in time") }
        return PlainHTTPError(.closed, "\(what) to \(server.authority): \(String(cString: strerror(code)))")
    }

    /// Reads more bytes into the buffer; false at the end of the stream.
    private func fill() throws -> Bool {
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return true }
            if n == 0 { return false }
            if errno == EINTR { continue }
            throw failure("recv", errno)
        }
    }

    private func closedEarly() -> PlainHTTPError {
        PlainHTTPError(.closed, "\(server.authority) closed the connection before the whole answer")
    }

    struct Head {
        var status: Int
        var headers: [(name: String, value: String)]
        var contentLength: Int?
        var chunked: Bool
        var keepAlive: Bool
    }

    private func readHead() throws -> Head {
        while true {
            if let end = Self.find(buffer, from: start, [13, 10, 13, 10]) {
                let head = try Self.parseHead(buffer[start..<end])
                start = end + 4
                // An interim answer (100 Continue) is followed by the real one.
                if (100..<200).contains(head.status) && head.status != 101 { continue }
                return head
            }
            guard buffer.count - start < 64 * 1024 else { throw PlainHTTPError(.malformed, "the answer's header is too long") }
            guard try fill() else { throw closedEarly() }
        }
    }

    static func find(_ bytes: [UInt8], from: Int, _ needle: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i + 1] == needle[1] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The status line and headers, read from the bytes (no text is made but each header's name
    /// and value).
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws -> Head {
        var lines = Self.lines(bytes)
        guard let statusLine = lines.first, let status = Self.status(statusLine) else {
            throw PlainHTTPError(.malformed, "the answer is not HTTP/1.1")
        }
        lines.removeFirst()
        let http10 = statusLine.starts(with: Array("HTTP/1.0".utf8))
        var head = Head(status: status, headers: [], contentLength: nil, chunked: false, keepAlive: !http10)
        head.headers.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw PlainHTTPError(.malformed, "a header line without ':'")
            }
            var from = colon + 1, to = line.endIndex
            while from < to && (line[from] == 32 || line[from] == 9) { from += 1 }
            while to > from && (line[to - 1] == 32 || line[to - 1] == 9) { to -= 1 }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[from..<to], as: UTF8.self)
            head.headers.append((name: name, value: value))
            switch name.count {
            case 14 where name.lowercased() == "content-length":
                guard let length = Int(value), length >= 0 else { throw PlainHTTPError(.malformed, "a bad Content-Length") }
                head.contentLength = length
            case 17 where name.lowercased() == "transfer-encoding": head.chunked = value.lowercased().contains("chunked")
            case 10 where name.lowercased() == "connection":
                let tokens = value.lowercased()
                if tokens.contains("close") { head.keepAlive = false } else if tokens.contains("keep-alive") { head.keepAlive = true }
            default: break
            }
        }
        return head
    }

    /// The lines of a head, without their CR LF (or a bare LF).
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for i in bytes.indices where bytes[i] == 10 {
            lines.append(bytes[start..<(i > start && bytes[i - 1] == 13 ? i - 1 : i)])
            start = i + 1
        }
        lines.append(bytes[start..<bytes.endIndex])
        return lines
    }

    /// `HTTP/1.x NNN reason`: the status code.
    static func status(_ line: ArraySlice<UInt8>) -> Int? {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else { return nil }
        let digits = line.dropFirst(9).prefix(3)
        guard line[line.startIndex + 8] == 32, digits.allSatisfy({ (48...57).contains($0) }),
              line.count == 12 || line[line.startIndex + 12] == 32 else { return nil }
        let status = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        return status >= 100 ? status : nil
    }

    private func read(count: Int) throws -> [UInt8] {
        while buffer.count - start < count {
            guard try fill() else { throw closedEarly() }
        }
        let body = Array(buffer[start..<(start + count)])
        start += count
        return body
    }

    private func readLine() throws -> String {
        while true {
            if let end = Self.find(buffer, from: start, [13, 10]) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            guard buffer.count - start < 4096 else { throw PlainHTTPError(.malformed, "a chunk line is too long") }
            guard try fill() else { throw closedEarly() }
        }
    }

    private func readChunked(maxBody: Int) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw PlainHTTPError(.malformed, "a bad chunk size") }
            if size == 0 {
                while try !readLine().isEmpty {}   // trailers
                return body
            }
            guard body.count + size <= maxBody else { throw PlainHTTPError(.tooLarge, "the answer is larger than \(maxBody >> 20) MiB") }
            body += try read(count: size)
            guard try readLine().isEmpty else { throw PlainHTTPError(.malformed, "a chunk without its line end") }
        }
    }

    private func readToEnd(maxBody: Int) throws -> [UInt8] {
        while try fill() {
            guard buffer.count - start <= maxBody else { throw PlainHTTPError(.tooLarge, "the answer is larger than \(maxBody >> 20) MiB") }
        }
        let body = Array(buffer[start...])
        start = buffer.count
        return body
    }
}

/// The connections an `IOExecutor` thread keeps open, the few most recently used.
final class KeptConnections {
    /// At most this many per thread; the least recently used is closed.
    static let kept = 4
    private var connections: [PlainHTTPConnection] = []

    /// The calling I/O thread's.
    static func of(_ thread: IOThread) -> KeptConnections {
        if let kept = thread.storage as? KeptConnections { return kept }
        let kept = KeptConnections()
        thread.storage = kept
        return kept
    }

    /// An open connection to `server` (a kept one the server has not closed, or a new one).
    func connection(to server: PlainHTTPServer, timeout: Duration) throws -> PlainHTTPConnection {
        if let i = connections.firstIndex(where: { $0.server == server && $0.timeout == timeout }) {
            let connection = connections.remove(at: i)
            if connection.isUsable { return connection }
            connection.close()
        }
        return try PlainHTTPConnection(server, timeout: timeout)
    }

    /// Keeps a connection that may carry another request.
    func keep(_ connection: PlainHTTPConnection) {
        connections.append(connection)
        if connections.count > Self.kept { connections.removeFirst().close() }
    }
}
