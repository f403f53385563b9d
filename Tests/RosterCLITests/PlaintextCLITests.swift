import Foundation
import RosterSandbox
import RosterTestSupport
import Testing

/// Plain `http://` to a host that is not loopback: refused at its line, or, with
/// `allow_plaintext: true`, warned about on every run. (`0.0.0.0` is not a loopback name, and on
/// Linux it reaches this host, so the emulator answers.)
@Suite struct PlaintextCLITests {
    @Test func plaintextToARemoteHostIsRefusedOrWarned() async throws {
        let (server, _) = try await Sandbox.start(type: "uyuni")
        defer { Task { try? await server.shutdown() } }
        let scratch = Scratch()
        let url = "http://0.0.0.0:\(server.port)"
        let backend = "version: 1\nbackends:\n  u:\n    type: uyuni\n    url: \(url)\n    username: admin\n    password: sandbox-admin\n"
        let refused = scratch.write("refused.yaml", backend)
        let validate = try await RosterBinary.run(["validate", "-c", refused])
        #expect(validate.status == 1, "\(validate.all)")
        #expect(validate.stderr.contains("\(refused):5:10: error: backend 'u': 'url' is plain http://"), "\(validate.stderr)")

        let allowed = scratch.write("allowed.yaml", backend + "    allow_plaintext: true\n")
        #expect(try await RosterBinary.run(["validate", "-c", allowed]).status == 0)
        for command in [["plan"], ["apply", "--yes"]] {
            let run = try await RosterBinary.run(command + ["-c", allowed])
            #expect(run.status == 0, "\(run.all)")
            #expect(run.stderr.contains("\(allowed):8:5: warning: backend 'u': credentials go to \(url) unencrypted"), "\(run.stderr)")
            #expect(!run.all.contains("sandbox-admin"))
        }
    }
}
