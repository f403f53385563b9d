import Foundation
import RosterCore
@testable import RosterSandbox
import RosterTestSupport
import Testing

/// Issue 19, point 7: `HTTPS_PROXY` (with credentials) and `NO_PROXY`, through a loopback CONNECT
/// proxy that logs each tunnel and the credentials it was given, in front of the cloud emulator
/// over HTTPS.
@Suite(.serialized) struct ProxyTests {
    /// A CONNECT proxy: prints its port, then for each request appends `METHOD TARGET auth=ok|bad|none`
    /// to the log; a wrong or missing `Proxy-Authorization` gets 407.
    static let proxy = #"""
        import base64, socket, sys, threading
        log, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
        expected = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        print(server.getsockname()[1], flush=True)
        lock = threading.Lock()
        def pipe(a, b):
            try:
                while True:
                    data = a.recv(65536)
                    if not data:
                        break
                    b.sendall(data)
            except OSError:
                pass
            finally:
                try:
                    b.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
        def handle(client):
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, rest = data.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, target = lines[0].split(" ")[:2]
            given = [l.split(":", 1)[1].strip() for l in lines[1:] if l.lower().startswith("proxy-authorization:")]
            auth = "none" if not given else ("ok" if given[0] == expected else "bad")
            with lock:
                with open(log, "a") as f:
                    f.write("%s %s auth=%s\n" % (method, target, auth))
            if auth != "ok":
                client.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n")
                client.close()
                return
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            pipe(upstream, client)
        while True:
            connection, _ = server.accept()
            threading.Thread(target=handle, args=(connection,), daemon=True).start()
        """#

    static let password = "pr0xy-Canary-pw"

    @Test func httpsGoesThroughTheProxyUnlessNoProxySaysSo() async throws {
        let scratch = Scratch()
        let folder = scratch.path
        let (cert, key) = try await onOwnThread { try CteraCLITests.certificate(in: folder) }
        let (server, _) = try await Sandbox.start(type: "cloud", tls: try EmulatorServer.tlsContext(certificatePath: cert, keyPath: key))
        let script = scratch.write("proxy.py", Self.proxy)
        let log = folder + "/proxy.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, log, "roster", Self.password]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        let port = try #require(Self.firstLine(out.fileHandleForReading).flatMap { Int($0) }, "the proxy did not start")
        let config = scratch.write("roster.yaml", """
            version: 1
            backends:
              cloud: {type: cloud, url: "\(server.baseURL)", email: admin@example.com, password: sandbox-admin, ca_file: cert.pem}
            people: {}
            """)
        let target = server.baseURL.replacingOccurrences(of: "https://", with: "")
        func lines() -> [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        let proxied = try await RosterBinary.run(["plan", "-c", config, "--log-level", "trace"],
                                                 environment: ["HTTPS_PROXY": "http://roster:\(Self.password)@127.0.0.1:\(port)"])
        #expect(proxied.status == 0, "\(proxied.all)")
        #expect(lines().contains("CONNECT \(target) auth=ok"), "\(lines())")
        #expect(!proxied.all.contains(Self.password))
        let tunnels = lines().count

        let direct = try await RosterBinary.run(["plan", "-c", config],
                                                environment: ["https_proxy": "http://roster:\(Self.password)@127.0.0.1:\(port)",
                                                              "NO_PROXY": "example.org, 127.0.0.1"])
        #expect(direct.status == 0, "\(direct.all)")
        #expect(lines().count == tunnels, "NO_PROXY was not honoured: \(lines())")

        let refused = try await RosterBinary.run(["plan", "-c", config, "--log-level", "trace"],
                                                 environment: ["HTTPS_PROXY": "http://roster:wrong-\(Self.password)@127.0.0.1:\(port)"])
        #expect(refused.status == 1, "\(refused.all)")
        #expect(refused.stderr.contains("the proxy refused roster's credentials"), "\(refused.stderr)")
        #expect(lines().last == "CONNECT \(target) auth=bad", "\(lines())")
        #expect(!refused.all.contains(Self.password))

        // A backend's own `proxy:` replaces the environment's settings, NO_PROXY included; `none` goes direct.
        let own = scratch.write("own.yaml", """
            version: 1
            backends:
              cloud: {type: cloud, url: "\(server.baseURL)", email: admin@example.com, password: sandbox-admin, ca_file: cert.pem,
                      proxy: "${env:ROSTER_PROXY}"}
            people: {}
            """)
        let before = lines().count
        let viaKey = try await RosterBinary.run(["plan", "-c", own, "--log-level", "trace"],
                                                environment: ["ROSTER_PROXY": "http://roster:\(Self.password)@127.0.0.1:\(port)",
                                                              "NO_PROXY": "*"])
        #expect(viaKey.status == 0, "\(viaKey.all)")
        #expect(lines().count > before && lines().last == "CONNECT \(target) auth=ok", "\(lines())")
        #expect(!viaKey.all.contains(Self.password))
        let none = scratch.write("none.yaml", try String(contentsOfFile: own, encoding: .utf8)
            .replacingOccurrences(of: "\"${env:ROSTER_PROXY}\"", with: "none"))
        let direct2 = try await RosterBinary.run(["plan", "-c", none], environment: ["HTTPS_PROXY": "http://127.0.0.1:1"])
        #expect(direct2.status == 0, "proxy: none must go direct: \(direct2.all)")
        try await server.shutdown()
    }

    static func firstLine(_ handle: FileHandle) -> String? {
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data += chunk
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)
    }
}

/// `NO_PROXY` matching, as curl does it.
@Suite struct ProxySettingsTests {
    @Test func noProxyMatchesHostsDomainsAndPorts() {
        let settings = RosterCore.ProxySettings(environment: ["HTTPS_PROXY": "proxy.corp:3128", "http_proxy": "http://p2:8080",
                                                              "NO_PROXY": "internal.example, .corp.example,10.0.0.5,svc:8443"])
        #expect(settings.proxy(for: "https://portal.example.com/x")?.host == "proxy.corp")
        #expect(settings.proxy(for: "https://portal.example.com/x")?.port == 3128)
        #expect(settings.proxy(for: "http://portal.example.com/x")?.host == "p2")
        #expect(settings.proxy(for: "https://internal.example/") == nil)
        #expect(settings.proxy(for: "https://a.internal.example/") == nil)
        #expect(settings.proxy(for: "https://notinternal.example/") != nil)
        #expect(settings.proxy(for: "https://x.corp.example/") == nil)
        #expect(settings.proxy(for: "https://10.0.0.5:9000/") == nil)
        #expect(settings.proxy(for: "https://svc:8443/") == nil)
        #expect(settings.proxy(for: "https://svc:9443/") != nil)
        #expect(RosterCore.ProxySettings(environment: ["HTTPS_PROXY": "p:1", "NO_PROXY": "*"]).proxy(for: "https://a/") == nil)
    }
}
