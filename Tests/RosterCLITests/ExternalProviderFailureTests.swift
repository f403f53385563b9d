import Foundation
import Testing
import RosterTestSupport

/// Provider programs that misbehave in the middle of a fetch: each gives a clear error within the
/// backend's `request_timeout`, roster exits 1, and the other backend is not touched. The timeout leaves
/// room for a Python start on a loaded machine: it also bounds `describe` and `connect`.
@Suite struct ExternalProviderFailureTests {
    /// The real ActiveLogic program for `describe` and `connect`; then, at `fetch`, the mode's misbehaviour.
    static let misbehaving = """
        import json, os, sys, time
        sys.path.insert(0, sys.argv[2])
        from activelogic_provider import ActiveLogicProvider
        provider, mode = ActiveLogicProvider(), sys.argv[1]
        for line in sys.stdin:
            request = json.loads(line)
            if request["method"] == "fetch":
                if mode == "exit":
                    sys.stderr.write("lost the connection to the PLDB daemon\\n")
                    sys.exit(3)
                if mode == "garbage":
                    print("<html>502 Bad Gateway</html>", flush=True)
                    continue
                if mode == "hang":
                    time.sleep(3600)
            if request["method"] == "apply" and mode == "returns":
                result = provider.apply(request["params"])
                result.setdefault("secrets", {})["token"] = "Ret\\u00fcrned-Canary-9f2"
                print(json.dumps({"roster_protocol": 1, "id": request["id"], "result": result}), flush=True)
                continue
            if request["method"] == "apply" and mode == "echo":
                secret = request["params"]["change"]["after"]["password"]
                sys.stderr.write("rejected password %s\\n" % secret)
                error = {"code": "PLDBError", "message": "bad password " + secret}
                print(json.dumps({"roster_protocol": 1, "id": request["id"], "error": error}), flush=True)
                continue
            result = getattr(provider, request["method"])(request["params"])
            print(json.dumps({"roster_protocol": 1, "id": request["id"], "result": result}), flush=True)
        """

    static func config(mode: String) -> String {
        let program = RosterBinary.packageRoot + "/Sources/RosterActiveLogic/program"
        return """
            version: 1
            backends:
              good: {type: activelogic, url: sandbox, state: good-state.json, protocol_log: good.jsonl}
              bad:
                type: activelogic
                url: sandbox
                state: bad-state.json
                request_timeout: 6
                protocol_log: bad.jsonl
                program: [python3, misbehaving.py, \(mode), "\(program)"]
            people:
              erin:
                password: erin-pass-1
                accounts: {good: {readbm: 1}, bad: {readbm: 1}}
            """
    }

    @Test(arguments: [
        ("exit", "exited with status 3 before answering 'fetch'", "lost the connection to the PLDB daemon"),
        ("garbage", "answered 'fetch' with invalid JSON", "<html>502 Bad Gateway</html>"),
        ("hang", "gave no answer to 'fetch' within 6 seconds", "stopped"),
    ])
    func aBrokenProgramFailsItsBackendAndTouchesNoOther(mode: String, expected: String, detail: String) async throws {
        let scratch = Scratch()
        scratch.write("misbehaving.py", Self.misbehaving)
        let config = scratch.write("roster.yaml", Self.config(mode: mode))
        let result = try await RosterBinary.run(["apply", "-c", config, "--yes"])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.contains("bad: fetch failed (provider-program)"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains(detail), "\(result.stderr)")
        // The good backend was read, never changed.
        let good = try String(contentsOfFile: scratch.path + "/good-state.json", encoding: .utf8)
        #expect(!good.contains("erin"))
        let goodLog = try String(contentsOfFile: scratch.path + "/good.jsonl", encoding: .utf8)
        #expect(!goodLog.contains("\\\"apply\\\""))
        #expect(!result.all.contains("erin-pass-1"))
        try ProtocolLog.expectValid(scratch.path + "/good.jsonl")
        try ProtocolLog.expectValid(scratch.path + "/bad.jsonl", allowingInvalidJSON: mode == "garbage")
    }

    @Test func secretsAProgramEchoesAreScrubbed() async throws {
        let scratch = Scratch()
        scratch.write("misbehaving.py", Self.misbehaving)
        let config = scratch.write("roster.yaml", Self.config(mode: "echo"))
        let result = try await RosterBinary.run(["apply", "-c", config, "--yes", "--target", "bad"])
        #expect(result.status == 4, "\(result.all)")
        #expect(result.all.contains("PLDBError"), "\(result.all)")
        #expect(result.all.contains("bad password (sensitive)"), "\(result.all)")
        #expect(!result.all.contains("erin-pass-1"))
        let log = try String(contentsOfFile: scratch.path + "/bad.jsonl", encoding: .utf8)
        #expect(!log.contains("erin-pass-1") && !log.contains("sandbox-admin"))
        try ProtocolLog.expectValid(scratch.path + "/bad.jsonl")
    }

    @Test func aProgramThatCannotStartIsAClearError() async throws {
        let scratch = Scratch()
        let config = scratch.write("roster.yaml", """
            version: 1
            backends:
              al: {type: activelogic, url: sandbox, program: [./no-such-program]}
            people: {}
            """)
        let result = try await RosterBinary.run(["plan", "-c", config])
        #expect(result.status == 1)
        #expect(result.stderr.contains("program './no-such-program' not found"), "\(result.stderr)")
    }
}

/// The protocol log of a backend, checked against schemas/external-provider.schema.json.
enum ProtocolLog {
    static func expectValid(_ path: String, allowingInvalidJSON: Bool = false,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/external-provider.schema.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") {
            guard case .object(let entry) = try JSON.parse(Data(line.utf8)), case .string(let raw)? = entry["line"] else {
                Issue.record("bad log line \(line)", sourceLocation: sourceLocation)
                continue
            }
            guard let message = try? JSON.parse(Data(raw.utf8)) else {
                #expect(allowingInvalidJSON, "not JSON: \(raw)", sourceLocation: sourceLocation)
                continue
            }
            #expect(schema.validate(message) == [], "\(raw)", sourceLocation: sourceLocation)
            checked += 1
        }
        #expect(checked >= 4, sourceLocation: sourceLocation)
    }
}
