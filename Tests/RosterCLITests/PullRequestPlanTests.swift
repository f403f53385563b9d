import Foundation
import RosterJSON
import RosterSandbox
import RosterTestSupport
import Synchronization
import Testing

/// `roster plan --base REF` on an untrusted change: every backend is reached as REF says; a
/// backend the change adds, removes or reconnects is not contacted (and nothing the change adds is
/// run); without `--base` the same change is trusted, as before.
@Suite(.serialized) struct PullRequestPlanTests {
    /// A host that records every request and refuses it: the change's new URL.
    final class Listener: EmulatorService {
        let type = "uyuni"
        let bodies = Mutex<[String]>([])
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            bodies.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            return .text("no\n", status: 403)
        }
    }

    static func config(url: String, extra: String = "") -> String {
        """
        version: 1
        backends:
          u: {type: uyuni, url: "\(url)", username: admin, password: "${env:UY_PW}"}
        \(extra)people:
          alice: {first_name: Alice, last_name: Smith, email: alice@example.com, password: Alice-pass-123, accounts: {u: {}}}

        """
    }

    @Test func aChangedURLSendsNothingToTheNewHost() async throws {
        let (emulator, _) = try await Sandbox.start(type: "uyuni")
        let listener = Listener()
        let attacker = try await EmulatorServer.start(service: listener)
        defer { Task { try? await emulator.shutdown(); try? await attacker.shutdown() } }
        let repo = try GitRepo()
        let file = repo.write("roster.yaml", Self.config(url: emulator.baseURL))
        try repo.commit()
        repo.write("roster.yaml", Self.config(url: attacker.baseURL))
        let environment = ["UY_PW": "sandbox-admin"]

        let json = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--format", "json"], environment: environment)
        #expect(json.status == 6, "\(json.all)")
        #expect(listener.bodies.withLock { $0 }.isEmpty)
        let document = JSONValue.parse(Array(json.stdout.utf8))
        let pending = document?["pending_connection_changes"]?.array ?? []
        #expect(pending.count == 1, "\(json.stdout)")
        #expect(pending.first?["backend"]?.string == "u" && pending.first?["change"]?.string == "reconnected")
        #expect(pending.first?["keys"]?.array?.compactMap(\.string) == ["url"])
        #expect(pending.first?["url_after"]?.string == attacker.baseURL)
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/plan.schema.json")
        let errors = schema.validate(try JSON.parse(Data(json.stdout.utf8)))
        #expect(errors.isEmpty, "\(errors)")

        let text = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD"], environment: environment)
        #expect(text.status == 6 && text.stdout.contains("Takes effect after merge"), "\(text.all)")
        #expect(text.stdout.contains("u (uyuni) reconnected: url \(emulator.baseURL) → \(attacker.baseURL)"), "\(text.stdout)")
        #expect(!text.all.contains("sandbox-admin"))
        #expect(listener.bodies.withLock { $0 }.isEmpty)

        // Trusted, the same change is planned as written: the new host is sent the credential.
        let trusted = try await RosterBinary.run(["plan", "-c", file], environment: environment)
        #expect(trusted.status == 1, "\(trusted.all)")
        #expect(listener.bodies.withLock { $0 }.contains { $0.contains("auth.login") && $0.contains("sandbox-admin") })
    }

    @Test func aChangeThatOnlyTouchesPeopleIsPlannedWithTheBaseConnection() async throws {
        let (emulator, service) = try await Sandbox.start(type: "uyuni")
        defer { Task { try? await emulator.shutdown() } }
        let repo = try GitRepo()
        let file = repo.write("roster.yaml", Self.config(url: emulator.baseURL))
        try repo.commit()
        repo.write("roster.yaml", Self.config(url: emulator.baseURL).replacingOccurrences(of: "alice@example.com", with: "alice@example.org"))
        let result = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--detailed-exitcode"],
                                                environment: ["UY_PW": "sandbox-admin"])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.stdout.contains("+ uyuni.user alice"), "\(result.stdout)")
        #expect((service as? UyuniEmulator)?.log.mutations.isEmpty == true)
    }

    /// An ActiveLogic backend whose interpreter or program is a script of the change.
    static func script(marker: String) -> String { "#!/bin/sh\ntouch '\(marker)'\nexit 1\n" }

    @Test func anAddedOrChangedProgramIsNotRun() async throws {
        let (emulator, _) = try await Sandbox.start(type: "uyuni")
        defer { Task { try? await emulator.shutdown() } }
        let repo = try GitRepo()
        let markers = (evil: repo.path + "/evil-ran", base: repo.path + "/base-ran", changed: repo.path + "/changed-ran")
        let uyuni = Self.config(url: emulator.baseURL)
        let file = repo.write("roster.yaml", uyuni)
        repo.write("provider.sh", Self.script(marker: markers.base), executable: true)
        try repo.commit()
        let environment = ["UY_PW": "sandbox-admin"]

        // Added: a backend whose `python:` is a script the change brings along.
        repo.write("evil.sh", Self.script(marker: markers.evil), executable: true)
        let added = uyuni.replacingOccurrences(of: "people:", with: "  al: {type: activelogic, url: sandbox, username: admin, password: x, python: ./evil.sh}\npeople:")
        repo.write("roster.yaml", added)
        let plan = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD"], environment: environment)
        #expect(plan.status == 6, "\(plan.all)")
        #expect(plan.stdout.contains("al (activelogic) added"), "\(plan.stdout)")
        #expect(!FileManager.default.fileExists(atPath: markers.evil))
        let trusted = try await RosterBinary.run(["plan", "-c", file], environment: environment)
        #expect(trusted.status == 1, "\(trusted.all)")
        #expect(FileManager.default.fileExists(atPath: markers.evil), "trusted mode runs the configured interpreter")
        try FileManager.default.removeItem(atPath: markers.evil)

        // Changed: the base runs `./provider.sh`; the change edits that script in place. The base's
        // script runs (as REF has it), the change's never does.
        let program = uyuni.replacingOccurrences(of: "people:", with: "  al: {type: activelogic, url: sandbox, username: admin, password: x, program: [./provider.sh]}\npeople:")
        repo.write("roster.yaml", program)
        try repo.commit("program")
        repo.write("provider.sh", Self.script(marker: markers.changed), executable: true)
        _ = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD"], environment: environment)
        #expect(FileManager.default.fileExists(atPath: markers.base))
        #expect(!FileManager.default.fileExists(atPath: markers.changed))

        // Changed key: `program:` now names the change's script: the backend is not contacted.
        repo.write("roster.yaml", program.replacingOccurrences(of: "./provider.sh", with: "./evil.sh"))
        let reconnected = try await RosterBinary.run(["plan", "-c", file, "--base", "HEAD", "--format", "markdown"], environment: environment)
        #expect(reconnected.status == 6, "\(reconnected.all)")
        #expect(reconnected.stdout.contains("| al | activelogic | reconnected | program |"), "\(reconnected.stdout)")
        #expect(!FileManager.default.fileExists(atPath: markers.evil))
        #expect(!FileManager.default.fileExists(atPath: markers.changed))
    }

    @Test func aRevisionThatIsNotThereIsAnError() async throws {
        let repo = try GitRepo()
        let file = repo.write("roster.yaml", Self.config(url: "sandbox"))
        try repo.commit()
        let missing = try await RosterBinary.run(["plan", "-c", file, "--base", "no-such-branch"], environment: ["UY_PW": "x"])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read revision 'no-such-branch'"), "\(missing.all)")
        let option = try await RosterBinary.run(["plan", "-c", file, "--base", "--output=x"], environment: ["UY_PW": "x"])
        #expect(option.status != 0)
    }
}
