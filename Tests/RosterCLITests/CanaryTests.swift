import Foundation
@testable import RosterSandbox
import Testing
import RosterTestSupport

/// A canary in every secret-bearing field of every backend (backend credentials, person and
/// account passwords, as literals, `${file:}` and `${env:}`) never reaches any output of the built
/// binary: text, JSON and markdown plans, the saved plan, the journal, trace logs, errors of a
/// failed action and of a refused login, the protocol log, and the `--secrets-out` file (which
/// holds only the secrets the apply generated).
@Suite(.serialized) struct CanaryTests {
    @Test(arguments: ["uyuni", "ctera", "squirro", "cloud", "activelogic"])
    func canaryNeverAppears(type: String) async throws {
        let scene = try CanaryScene(type: type)
        let (canaries, backend, scratch, folder, seed) = (scene.canaries, scene.backend, scene.scratch, scene.folder, scene.seed)
        let environment = scene.environment

        // An HTTP backend runs against an emulator in this process, so that a fault can be injected;
        // ActiveLogic's sandbox is a module its provider program loads.
        var server: EmulatorServer?
        let state = folder + "/.roster/state.json"
        try FileManager.default.createDirectory(atPath: folder + "/.roster", withIntermediateDirectories: true)
        if type != "activelogic" { server = try await Sandbox.start(type: type, seedPath: seed, statePath: state).server }
        let url = server?.baseURL ?? "sandbox"
        let good = scratch.write("roster.yaml", backend.config(canaries, url: url, credential: canaries.backend))
        let wrong = scratch.write("wrong.yaml", backend.config(canaries, url: url, credential: canaries.wrong))

        var outputs: [(String, String)] = []
        func run(_ arguments: [String], expect status: Int32? = nil) async throws {
            let result = try await RosterBinary.run(arguments + ["--log-level", "trace"], environment: environment,
                                                    directory: folder)
            if let status { #expect(result.status == status, "\(arguments): \(result.all)") }
            outputs.append((arguments.joined(separator: " "), result.all))
        }

        try await run(["validate", "-c", good], expect: 0)
        try await run(["plan", "-c", good, "--out", folder + "/saved.json"], expect: 0)
        for format in ["json", "markdown"] { try await run(["plan", "-c", good, "--format", format], expect: 0) }

        // A failed apply: the create request carrying Ann's password is answered 500.
        let annPassword = canaries.personLiteral
        server?.faults = FaultPlan(errorRate: 1, errorStatus: 500) {
            String(decoding: $0.body, as: UTF8.self).contains(annPassword)
        }
        if server != nil {
            try await run(["apply", folder + "/saved.json", "-c", good, "--yes", "--journal", folder + "/journal1.jsonl",
                           "--secrets-out", folder + "/secrets1.json"], expect: 4)
            server?.faults = .none
        } else {
            try await run(["apply", folder + "/saved.json", "-c", good, "--yes", "--journal", folder + "/journal1.jsonl",
                           "--secrets-out", folder + "/secrets1.json"], expect: 0)
        }
        try await run(["apply", "-c", good, "--yes", "--journal", folder + "/journal2.jsonl",
                       "--secrets-out", folder + "/secrets2.json"])
        try await run(["plan", "-c", good, "--detailed-exitcode"])
        // A refused login, in plan and apply.
        try await run(["plan", "-c", wrong], expect: 1)
        try await run(["apply", "-c", wrong, "--yes", "--journal", folder + "/journal3.jsonl"], expect: 1)
        try await server?.shutdown()

        // Every file roster wrote, besides the emulator's own state.
        for file in try Self.files(in: folder) where !file.hasSuffix("state.json") && !file.hasPrefix(folder + "/secrets/")
            && !file.hasSuffix(".yaml") {
            outputs.append((file, try String(contentsOfFile: file, encoding: .utf8)))
        }
        #expect(outputs.contains { $0.0.hasSuffix("saved.json") })
        #expect(outputs.contains { $0.0.hasSuffix("journal2.jsonl") })
        if type == "activelogic" { #expect(outputs.contains { $0.0.hasSuffix("protocol.log") }) }
        // The passwords were rendered, as what stands for them.
        #expect(outputs.contains { $0.0.hasPrefix("plan -c \(good) --out") && $0.1.contains("password: (sensitive)") })
        for (what, text) in outputs {
            for canary in canaries.all {
                #expect(!text.contains(canary), "canary \(canary) in \(what):\n\(text)")
            }
        }
        // The canaries did reach the backend: its state holds the three people's passwords.
        let apply = outputs.first { $0.0.hasPrefix("apply -c \(good) --yes --journal") }?.1 ?? ""
        #expect(apply.contains("0 failed"), "\(apply)")
        let held = try String(contentsOfFile: state, encoding: .utf8)
        for canary in [canaries.personLiteral, canaries.accountEnv, canaries.personFile] {
            #expect(held.contains(canary), "\(canary) not in the emulator's state")
        }
    }

    static func files(in folder: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files
    }
}
