import Foundation
@testable import RosterSandbox
import RosterTestSupport
import Testing

/// Issue 19, point 4: one redactor for everything roster prints or writes. A server that echoes the
/// request in its error text (with non-ASCII text as `\uXXXX`), a non-ASCII canary, and a provider
/// program that returns a secret: no canary appears anywhere, in any escaping.
@Suite(.serialized) struct EchoCanaryTests {
    static let nonASCII = "Cänärÿ-€9-Qz7x"

    /// Every way a canary could be written back: as is, `\uXXXX` in both cases, URL-encoded.
    static func forms(_ canary: String) -> [String] {
        func escaped(_ format: String) -> String {
            var out = ""
            for unit in canary.utf16 {
                if unit < 0x80 { out.unicodeScalars.append(Unicode.Scalar(UInt8(unit))) } else { out += String(format: format, unit) }
            }
            return out
        }
        let escapes = [escaped("\\u%04x"), escaped("\\u%04X")]
        let url = canary.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? canary
        // Also as a JSON file writes those escapes again (`\\u00e4`), as the protocol log does.
        let twice = escapes.map { $0.replacingOccurrences(of: "\\", with: "\\\\") }
        return [canary, url] + escapes + twice
    }

    @Test(arguments: ["uyuni", "ctera", "squirro", "cloud"])
    func anEchoingServerPrintsNoSecret(type: String) async throws {
        let scene = try CanaryScene(type: type)
        let canaries = scene.canaries, folder = scene.folder
        let (server, _) = try await Sandbox.start(type: type, seedPath: scene.seed, statePath: folder + "/state.json")
        let config = scene.backend.config(canaries, url: server.baseURL, credential: canaries.backend)
            .replacingOccurrences(of: canaries.personLiteral, with: Self.nonASCII)
        let file = scene.scratch.write("roster.yaml", config)
        var echo = FaultPlan()
        echo.echoRate = 1
        echo.applies = { String(decoding: $0.body, as: UTF8.self).contains("Canary") }
        server.faults = echo
        let result = try await RosterBinary.run(["apply", "-c", file, "--yes", "--log-level", "trace",
                                                 "--journal", folder + "/journal.jsonl", "--secrets-out", folder + "/s.json"],
                                                environment: scene.environment, directory: folder)
        try await server.shutdown()
        #expect(result.status == 4, "\(result.all)")
        #expect(server.injected[.echo] > 0, "no request was echoed")
        let journal = (try? String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)) ?? ""
        for (what, text) in [("output", result.all), ("journal", journal)] {
            for canary in canaries.all + [Self.nonASCII] {
                for form in Self.forms(canary) { #expect(!text.contains(form), "\(form) in the \(what):\n\(text)") }
            }
        }
    }

    @Test func aSecretAProgramReturnsIsWrittenOnlyToTheSecretsFile() async throws {
        let scratch = Scratch()
        scratch.write("misbehaving.py", ExternalProviderFailureTests.misbehaving)
        let config = scratch.write("roster.yaml", ExternalProviderFailureTests.config(mode: "returns"))
        let secrets = scratch.path + "/secrets.json"
        let result = try await RosterBinary.run(["apply", "-c", config, "--yes", "--target", "bad", "--secrets-out", secrets,
                                                 "--log-level", "trace"])
        #expect(result.status == 0, "\(result.all)")
        let returned = "Retürned-Canary-9f2"
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: secrets))) as? [String: String]
        #expect(written?.values.contains(returned) == true, "\(String(describing: written))")
        let log = try String(contentsOfFile: scratch.path + "/bad.jsonl", encoding: .utf8)
        #expect(log.contains("(sensitive)"))
        for form in Self.forms(returned) + Self.forms("erin-pass-1") {
            #expect(!log.contains(form), "\(form) in the protocol log:\n\(log)")
            #expect(!result.all.contains(form), "\(form) in the output")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.path + "/bad.jsonl")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
