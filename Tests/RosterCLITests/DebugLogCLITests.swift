import Foundation
import RosterTestSupport
import Testing

/// `--log-level debug` names, for every request and action of every backend, the backend, the
/// operation, the object, the status and the duration; and never a secret.
@Suite(.serialized) struct DebugLogCLITests {
    /// The examples, each applied once: together they reach all five backend types.
    /// Each example's backends, by name and type.
    static let examples: [(folder: String, backends: [(name: String, type: String)])] = [
        ("examples/company", [("uyuni", "uyuni"), ("files", "ctera")]),
        ("examples/squirro", [("uyuni", "uyuni"), ("squirro", "squirro")]),
        ("examples/cloud", [("cloud", "cloud")]),
        ("examples/activelogic", [("activelogic", "activelogic")]),
    ]

    @Test(arguments: examples.indices)
    func everyBackendLogsObjectStatusAndDurationAndNoSecret(_ n: Int) async throws {
        let example = Self.examples[n]
        let scratch = Scratch()
        let folder = try scratch.copy(example.folder)
        let secretsOut = scratch.path + "/new-secrets.json"
        let result = try await RosterBinary.run(["apply", "-c", folder + "/roster.yaml", "--yes", "--log-level", "debug",
                                                 "--secrets-out", secretsOut])
        #expect(result.status == 0, "\(result.all)")
        let lines = result.stderr.split(separator: "\n")
        for (backend, type) in example.backends {
            let mine = lines.filter { $0.contains("backend=\(backend) ") }
            // Each read or write the backend's protocol makes (an HTTP request, a provider program's call)...
            let requests = mine.filter { $0.hasSuffix(" request") || $0.hasSuffix(" call") }
            #expect(!requests.isEmpty, "\(backend): \(result.stderr)")
            for line in requests {
                #expect(line.contains(" object=") && line.contains(" status=") && line.contains(" operation=")
                    && line.contains("duration_ms="), "\(line)")
            }
            // ...and each action of the plan, by the object it changes.
            let actions = mine.filter { $0.hasSuffix(" action") }
            #expect(!actions.isEmpty, "\(backend): \(result.stderr)")
            for line in actions {
                #expect(line.contains(" object=\(type).") && line.contains(" status=succeeded")
                    && line.contains("duration_ms="), "\(line)")
            }
        }
        for secret in try Self.secrets(folder: folder, created: secretsOut) {
            #expect(!result.all.contains(secret), "a secret reached the log")
        }
    }

    /// The example's secret files, its literal admin password, and every secret the apply created.
    static func secrets(folder: String, created: String) throws -> [String] {
        var secrets = ["sandbox-admin"]
        let directory = folder + "/secrets"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            secrets.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let data = FileManager.default.contents(atPath: created),
           let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            secrets += Self.strings(in: object).filter { $0.count >= 8 }
        }
        return secrets.filter { !$0.isEmpty }
    }

    static func strings(in value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let object = value as? [String: Any] { return object.values.flatMap(strings(in:)) }
        if let array = value as? [Any] { return array.flatMap(strings(in:)) }
        return []
    }
}
