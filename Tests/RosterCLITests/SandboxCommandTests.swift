import Foundation
import RosterSandbox
import Testing
import RosterTestSupport

/// `roster sandbox` serves the emulators to other tools: here, Python's stock xmlrpc.client.
@Suite struct SandboxCommandTests {
    /// A running `roster sandbox`, stopped when the test ends.
    final class Served: @unchecked Sendable {
        let process = Process()
        var urls: [String: String] = [:]

        init(_ arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: RosterBinary.path)
            process.arguments = ["sandbox"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // One line per emulator, "TYPE URL", before serving.
            var text = ""
            while urls.count < Sandbox.types.count {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: " ")
                    if parts.count == 2 { urls[String(parts[0])] = String(parts[1]) }
                }
            }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func python(_ script: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    @Test func pythonDrivesTheSandboxAndRosterSeesWhatItCreated() async throws {
        let served = try Served()
        let url = try #require(served.urls["uyuni"], "roster sandbox printed no uyuni line")
        #expect(url.hasPrefix("http://127.0.0.1:"))

        let script = RosterBinary.packageRoot + "/Tests/conformance/uyuni_xmlrpc.py"
        let (status, output) = try await Self.python(script, [url])
        #expect(status == 0, "\(output)")
        #expect(output.contains("ok    "))
        #expect(!output.contains("FAIL"))

        let scratch = Scratch()
        let config = scratch.write("roster.yaml", """
            version: 1
            backends:
              uyuni: {type: uyuni, url: "\(url)", username: admin, password: sandbox-admin, prune: all, protect: [admin]}
            people: {}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.contains("- uyuni.user pyuser1  (pruned)"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("uyuni.user admin"))
    }

    /// Each line is the URL a client of that type uses as it is: Python's `xmlrpc.client` takes
    /// Uyuni's endpoint, not the server's base URL.
    @Test func theUyuniLineIsTheEndpointXMLRPCClientsUse() async throws {
        let served = try Served()
        let url = try #require(served.urls["uyuni"], "roster sandbox printed no uyuni line")
        #expect(url.hasSuffix("/rpc/api"), "\(url)")
        let script = """
            import sys, xmlrpc.client
            server = xmlrpc.client.ServerProxy(sys.argv[1])
            key = server.auth.login("admin", "sandbox-admin")
            print("roles", ",".join(server.user.listRoles(key, "admin")))
            """
        let (status, output) = try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, url]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("roles ") && output.contains("org_admin"), "\(output)")
        for type in ["ctera", "squirro", "cloud"] {
            let base = try #require(served.urls[type], "no \(type) line")
            #expect(base.hasPrefix("http://127.0.0.1:") && base.split(separator: "/").count == 2, "\(type) \(base)")
        }
    }

    @Test func portsCanBePinnedAndTypesAreChecked() async throws {
        let bad = try await RosterBinary.run(["sandbox", "--port", "nosuch=1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown sandbox type 'nosuch'"))
    }

    /// Every flag is checked before anything is served: a usage error (64), naming the flag.
    @Test func badFlagsAreUsageErrorsAndServeNothing() async throws {
        let cases: [([String], String)] = [
            (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
            (["--tls", "uyuni"], "--tls-cert and --tls-key go together"),
            (["--port", "activelogic=4000"], "the activelogic sandbox is a module, not a server: it takes no port"),
            (["--port", "uyuni=99999"], "bad port '99999'"),
            (["--seed", "uyuni"], "--seed takes TYPE=VALUE, not 'uyuni'"),
            (["--fault", "uyuni"], "--fault takes TYPE:SPEC, not 'uyuni'"),
        ]
        for (arguments, message) in cases {
            let result = try await RosterBinary.run(["sandbox"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.all)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
        }
    }

    @Test func faultFlagsAreCheckedAndServed() async throws {
        let bad = try await RosterBinary.run(["sandbox", "--fault", "uyuni:eror=0.1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown fault 'eror'"))
        let unknownType = try await RosterBinary.run(["sandbox", "--fault", "nope:error=0.1"])
        #expect(unknownType.stderr.contains("unknown sandbox type 'nope'"))

        // Every request to this Uyuni is throttled: answered 429 with Retry-After.
        let served = try Served(["--fault", "uyuni:throttle=1,retry-after=7"])
        let url = try #require(served.urls["uyuni"])
        let (status, output) = try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = """
                import sys, urllib.request, urllib.error
                try:
                    urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"<methodCall/>"))
                    print("no fault")
                except urllib.error.HTTPError as error:
                    print(error.code, error.headers.get("Retry-After"))
                """
            process.arguments = ["python3", "-c", script, url]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "429 7")
    }
}
