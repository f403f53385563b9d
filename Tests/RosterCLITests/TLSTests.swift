import Foundation
@testable import RosterSandbox
import Testing
import RosterTestSupport

/// HTTPS for every HTTP backend: a certificate roster does not trust, or one issued to another
/// host, is refused with an error that names the host; `ca_file` makes it pass; `insecure: true`
/// passes and warns on every run.
@Suite(.serialized) struct TLSTests {
    /// The backend's mapping (without `url`) against each emulator's default seed.
    static let credentials = [
        "uyuni": "{type: uyuni, username: admin, password: sandbox-admin",
        "ctera": "{type: ctera, username: admin, password: sandbox-admin, tenant: acme",
        "squirro": "{type: squirro, tenant: sandbox, token: sandbox-token",
        "cloud": "{type: cloud, email: admin@example.com, password: sandbox-admin",
    ]

    static func config(_ type: String, url: String, extra: String = "") -> String {
        "version: 1\nbackends:\n  b: \(credentials[type]!), url: \"\(url)\"\(extra)}\npeople: {}\n"
    }

    @Test(arguments: ["uyuni", "ctera", "squirro", "cloud"])
    func untrustedCertificateIsRefusedCAFilePassesInsecureWarns(type: String) async throws {
        let scratch = Scratch()
        let folder = scratch.path
        let (cert, key) = try await onOwnThread { try CteraCLITests.certificate(in: folder) }
        let tls = try EmulatorServer.tlsContext(certificatePath: cert, keyPath: key)
        let (server, _) = try await Sandbox.start(type: type, tls: tls)
        let url = server.baseURL
        #expect(url.hasPrefix("https://127.0.0.1:"))

        let plain = scratch.write("plain.yaml", Self.config(type, url: url))
        let refused = try await RosterBinary.run(["plan", "-c", plain])
        #expect(refused.status == 1, "\(refused.all)")
        #expect(refused.stderr.contains("the TLS certificate of \(url) is not trusted"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ca_file"), "\(refused.stderr)")

        let trusted = scratch.write("trusted.yaml", Self.config(type, url: url, extra: ", ca_file: cert.pem"))
        let passed = try await RosterBinary.run(["plan", "-c", trusted])
        #expect(passed.status == 0, "\(passed.all)")
        #expect(!passed.stderr.contains("warning"), "\(passed.stderr)")

        // Trusted, but issued to another host.
        let other = try await onOwnThread { try Self.certificate(in: folder, name: "other", san: "DNS:portal.example") }
        let otherServer = try await Sandbox.start(type: type,
                                                  tls: try EmulatorServer.tlsContext(certificatePath: other.cert, keyPath: other.key)).server
        let misnamed = scratch.write("misnamed.yaml", Self.config(type, url: otherServer.baseURL, extra: ", ca_file: other-cert.pem"))
        let mismatch = try await RosterBinary.run(["plan", "-c", misnamed])
        #expect(mismatch.status == 1, "\(mismatch.all)")
        #expect(mismatch.stderr.contains("the TLS certificate of \(otherServer.baseURL) does not name that host"), "\(mismatch.stderr)")
        try await otherServer.shutdown()

        let insecure = scratch.write("insecure.yaml", Self.config(type, url: url, extra: ", insecure: true"))
        for command in [["plan"], ["apply", "--yes"]] {
            let run = try await RosterBinary.run(command + ["-c", insecure])
            #expect(run.status == 0, "\(run.all)")
            #expect(run.stderr.contains("insecure.yaml:3:"), "\(run.stderr)")
            #expect(run.stderr.contains("warning: backend 'b': TLS certificate verification is off ('insecure: true')"),
                    "\(run.stderr)")
            #expect(run.stderr.contains("can read its credentials"), "\(run.stderr)")
        }
        try await server.shutdown()
    }

    /// A self-signed certificate: `NAME-cert.pem`, `NAME-key.pem`.
    static func certificate(in folder: String, name: String, san: String) throws -> (cert: String, key: String) {
        let cert = folder + "/\(name)-cert.pem", key = folder + "/\(name)-key.pem"
        try CteraCLITests.selfSigned(cert: cert, key: key, subject: name, san: san)
        return (cert, key)
    }

    @Test func insecureIsOffUnlessWrittenAndExcludesCAFile() async throws {
        let scratch = Scratch()
        let folder = scratch.path
        _ = try await onOwnThread { try CteraCLITests.certificate(in: folder) }
        let both = scratch.write("both.yaml", Self.config("uyuni", url: "https://uyuni.example",
                                                          extra: ", ca_file: cert.pem, insecure: true"))
        let refused = try await RosterBinary.run(["validate", "-c", both])
        #expect(refused.status == 1, "\(refused.all)")
        #expect(refused.stderr.contains("both 'insecure: true' and 'ca_file'"), "\(refused.stderr)")

        let notPEM = scratch.write("notpem.yaml", Self.config("cloud", url: "https://cloud.example", extra: ", ca_file: notpem.yaml"))
        let bad = try await RosterBinary.run(["validate", "-c", notPEM])
        #expect(bad.status == 1, "\(bad.all)")
        #expect(bad.stderr.contains("notpem.yaml:3:") && bad.stderr.contains("holds no PEM certificate"), "\(bad.stderr)")

        let missing = scratch.write("missing.yaml", Self.config("squirro", url: "https://s.example", extra: ", ca_file: nope.pem"))
        let gone = try await RosterBinary.run(["validate", "-c", missing])
        #expect(gone.status == 1 && gone.stderr.contains("cannot read 'ca_file'") && gone.stderr.contains("does not exist"),
                "\(gone.stderr)")

        let module = scratch.write("al.yaml", "version: 1\nbackends:\n  al: {type: activelogic, url: sandbox, insecure: true}\n")
        let notHTTP = try await RosterBinary.run(["validate", "-c", module])
        #expect(notHTTP.status == 1 && notHTTP.stderr.contains("al.yaml:3:41: error: 'insecure' does not apply to an activelogic backend"),
                "\(notHTTP.all)")

        let off = scratch.write("off.yaml", Self.config("ctera", url: "https://portal.example", extra: ", insecure: false"))
        let quiet = try await RosterBinary.run(["validate", "-c", off])
        #expect(quiet.status == 0 && !quiet.stderr.contains("warning"), "\(quiet.all)")
    }
}
