import Foundation
import Testing
import RosterTestSupport

/// The ActiveLogic example, run by the binary as an operator would, and `roster sandbox`'s module.
@Suite struct ActiveLogicExampleTests {
    @Test func exampleAppliesAndConverges() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/activelogic")
        let config = folder + "/roster.yaml"
        let plan = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.all)")
        for line in ["+ activelogic.user asmith", "activelogic.user bjones", "- activelogic.user cformer"] {
            #expect(plan.stdout.contains(line), "\(plan.stdout)")
        }
        #expect(!plan.stdout.contains("activelogic.user admin"))
        #expect(!plan.all.contains("alice-al-pass-1"))
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(apply.status == 0, "\(apply.all)")
        let again = try await RosterBinary.run(["plan", "-c", config, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.all)")
    }

    @Test func rosterSandboxServesTheModuleToPython() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RosterBinary.path)
        process.arguments = ["sandbox"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        let (url, pythonPath) = try await onOwnThread { () throws -> (String, String) in
            var text = "", errors = ""
            while !text.contains("activelogic ") || !errors.contains("PYTHONPATH=") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if !errors.contains("PYTHONPATH=") { errors += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self) }
            }
            let url = text.split(separator: "\n").first { $0.hasPrefix("activelogic ") }?.split(separator: " ").last
            let path = errors.components(separatedBy: "PYTHONPATH=").last?.split(separator: "\n").first
            return (String(url ?? ""), String(path ?? ""))
        }
        #expect(url.hasPrefix("file:///"))
        let script = """
            import activelogic
            conn = activelogic.sync_connect("\(url)", "admin", "sandbox-admin")
            us = conn.users()
            us.add_user("pyuser", "py-pass-1", readbm=1, hosts=["10.0.0.0/8"])
            print(us.authenticate("pyuser", "py-pass-1", "10.1.2.3"))
            try:
                us.remove_user(1)
            except activelogic.exception.PLDBError as e:
                print("PLDBError:", e)
            print([u.name for u in us.list(activelogic.User)])
            """
        let output = try await onOwnThread { () throws -> String in
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", script]
            python.environment = ProcessInfo.processInfo.environment.merging(["PYTHONPATH": pythonPath]) { $1 }
            let pipe = Pipe()
            python.standardOutput = pipe
            python.standardError = pipe
            try python.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            python.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(output.contains("(0, 1, 0)"), "\(output)")
        #expect(output.contains("PLDBError: Cannot remove admin user"), "\(output)")
        #expect(output.contains("['admin', 'pyuser']"), "\(output)")
    }
}
