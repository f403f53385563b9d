import Foundation
@testable import RosterSandbox
import Testing
import RosterTestSupport

/// The CTERA backend through the built binary: secrets out, exit codes, and the vendor's SDK
/// against `roster sandbox`.
@Suite struct CteraCLITests {
    static func config(_ url: String, _ people: String, extra: String = "") -> String {
        """
        version: 1
        backends:
          portal: {type: ctera, url: "\(url)", username: admin, password: sandbox-admin, tenant: acme\(extra)}
        people:
        \(people)
        """
    }

    static let carolWithKey = "  carol:\n    email: carol@acme.example\n    accounts: {portal: {s3_keys: 1}}\n"

    @Test func newKeySecretGoesOnlyToTheSecretsFile() async throws {
        let (server, service) = try await Sandbox.start(type: "ctera")
        let emulator = try #require(service as? CteraEmulator)
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", Self.config(server.baseURL, Self.carolWithKey))
        let secretsPath = scratch.path + "/secrets.json"
        var outputs: [String] = []
        for format in ["text", "json"] {
            outputs.append(try await RosterBinary.run(["plan", "-c", file, "--format", format, "--log-level", "trace"]).all)
        }
        let apply = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", secretsPath,
                                                "--log-level", "trace"])
        #expect(apply.status == 0, "\(apply.all)")
        outputs.append(apply.all)
        let key = try #require(emulator.state.portal("acme")?.users.first { $0.name == "carol" }?.keys.first)
        #expect(apply.stderr.contains("Wrote 1 new secret(s) to \(secretsPath): portal/ctera.s3_credential/carol/\(key.accessKey)#secret_key"))

        let attributes = try FileManager.default.attributesOfItem(atPath: secretsPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: secretsPath))) as? [String: String]
        #expect(written == ["portal/ctera.s3_credential/carol/\(key.accessKey)#secret_key": key.secretKey])

        for format in ["text", "json"] {
            let after = try await RosterBinary.run(["plan", "-c", file, "--format", format, "--log-level", "trace",
                                                    "--detailed-exitcode"])
            #expect(after.status == 0, "\(after.all)")
            outputs.append(after.all)
        }
        for output in outputs { #expect(!output.contains(key.secretKey)) }

        // An existing secrets file is refused before anything is created, unless overwriting is asked.
        let more = scratch.write("more.yaml", Self.config(server.baseURL, Self.carolWithKey.replacingOccurrences(of: "s3_keys: 1", with: "s3_keys: 2")))
        let refused = try await RosterBinary.run(["apply", "-c", more, "--yes", "--secrets-out", secretsPath])
        #expect(refused.status == 1 && refused.stderr.contains("--overwrite-secrets"), "\(refused.all)")
        #expect(emulator.state.portal("acme")?.users.first { $0.name == "carol" }?.keys.count == 1)
        let overwritten = try await RosterBinary.run(["apply", "-c", more, "--yes", "--secrets-out", secretsPath,
                                                      "--overwrite-secrets"])
        #expect(overwritten.status == 0, "\(overwritten.all)")
        #expect(emulator.state.portal("acme")?.users.first { $0.name == "carol" }?.keys.count == 2)
        try await server.shutdown()
    }

    @Test func failedModifyExitsFourAndARerunConverges() async throws {
        let (server, service) = try await Sandbox.start(type: "ctera")
        let emulator = try #require(service as? CteraEmulator)
        let scratch = Scratch()
        let people = """
              carol:
                email: carol@changed.example
                accounts: {portal: {}}
              dan:
                first_name: Dan
                last_name: Ray
                email: dan@example.com
                password: dan-pass-1
                accounts: {portal: {s3_keys: 1}}
            """
        let file = scratch.write("roster.yaml", Self.config(server.baseURL, people))
        server.faults = FaultPlan(errorRate: 1, errorStatus: 500) { $0.method == "PUT" && $0.path.hasSuffix("/users/carol") }
        let failed = try await RosterBinary.run(["apply", "-c", file, "--yes", "--secrets-out", scratch.path + "/s1.json"])
        #expect(failed.status == 4, "\(failed.all)")
        #expect(failed.stderr.contains("portal/ctera.user/carol"), "\(failed.stderr)")
        #expect(failed.stdout.contains("3 succeeded, 1 failed, 0 skipped"), "\(failed.stdout)")
        #expect(emulator.state.portal("acme")?.users.first { $0.name == "dan" }?.keys.count == 1)

        server.faults = .none
        let rerun = try await RosterBinary.run(["apply", "-c", file, "--yes"])
        #expect(rerun.status == 0, "\(rerun.all)")
        #expect(rerun.stdout.contains("2 succeeded, 0 failed"), "\(rerun.stdout)")
        let plan = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.all)")
        try await server.shutdown()
    }

    /// A self-signed certificate for 127.0.0.1, made with openssl.
    static func certificate(in folder: String) throws -> (cert: String, key: String) {
        let cert = folder + "/cert.pem", key = folder + "/key.pem"
        try selfSigned(cert: cert, key: key, subject: "127.0.0.1", san: "IP:127.0.0.1")
        return (cert, key)
    }

    /// A self-signed certificate made with openssl. An EC P-256 key: its handshakes cost a small
    /// part of an RSA key's in a debug build, and the test run makes dozens of them.
    static func selfSigned(cert: String, key: String, subject: String, san: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                             "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=\(subject)",
                             "-addext", "subjectAltName=\(san)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    static func venvPython() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [RosterBinary.packageRoot + "/Tests/conformance/venv.sh"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func cterasdkDrivesTheSandboxAndRosterPlansAgainstIt() async throws {
        let scratch = Scratch()
        let folder = scratch.path
        let (cert, key) = try await onOwnThread { try Self.certificate(in: folder) }
        let python = try await onOwnThread { try Self.venvPython() }
        let served = try SandboxCommandTests.Served(["--tls", "ctera", "--tls-cert", cert, "--tls-key", key])
        let url = try #require(served.urls["ctera"], "roster sandbox printed no ctera line")
        #expect(url.hasPrefix("https://127.0.0.1:"))
        let port = try #require(url.split(separator: ":").last.map(String.init))

        let (status, output) = try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [RosterBinary.packageRoot + "/Tests/conformance/ctera_sdk.py", "127.0.0.1", port]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains(" 0 failed"), "\(output)")

        // roster reads what the SDK left: alice (EndUser, company ACME) and the users it added.
        let people = """
              alice:
                first_name: Alice
                last_name: Liddell
                email: alice@example.com
                accounts: {portal: {role: EndUser, company: ACME}}
              olga:
                accounts: {portal: {role: ComplianceOfficer}}
              dave:
                accounts: {portal: {directory: demo.local, role: EndUser}}
            """
        let file = scratch.write("roster.yaml", Self.config(url, people, extra: ", ca_file: \(cert)"))
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 0, "\(plan.all)")
        #expect(!plan.stdout.contains("ctera.domain_user demo.local/dave"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("ctera.user alice"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("ctera.user olga"), "\(plan.stdout)")
        // dave keeps the role the directory gives him: no user changes, so no apply_changes either.
        #expect(!plan.stdout.contains("ctera.apply_changes"), "\(plan.stdout)")
    }

    @Test func companyExampleConverges() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/company")
        let config = folder + "/roster.yaml"
        let plan = try await RosterBinary.run(["plan", "-c", config])
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.contains("~ ctera.user cjones"), "\(plan.stdout)")
        #expect(plan.stdout.contains("name: \"carol\" → \"cjones\""), "\(plan.stdout)")
        let secrets = scratch.path + "/secrets.json"
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes", "--secrets-out", secrets])
        #expect(apply.status == 0, "\(apply.all)")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: secrets))) as? [String: String]
        #expect(written?.keys.sorted().map { $0.split(separator: "#").last.map(String.init) ?? "" } == ["secret_key", "password"])
        let again = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.all)")
    }
}
