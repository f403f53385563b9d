import Foundation
import Logging
import RosterCore
import RosterJSON
import Synchronization

/// Talks the external-provider protocol with one running program. Every request has a deadline;
/// a program that crashes, hangs or answers garbage becomes a `RosterError` for its backend.
/// Secrets sent to the program are remembered and scrubbed from everything it says back.
public final class ExternalClient: Sendable {
    let backend: String
    let program: ProgramProcess
    let timeout: Duration
    private let transcript: Transcript?
    private let sentSecrets = Mutex<Set<String>>([])
    private let nextID = Mutex(1)
    /// Each call at debug level: backend, operation, object, status and duration (never a
    /// parameter: the CLI's log handler scrubs whatever secret a message would hold all the same).
    private let logger = Logger(label: "roster.external")

    init(backend: String, program: ProgramProcess, timeout: Duration, transcript: Transcript?) {
        self.backend = backend
        self.program = program
        self.timeout = timeout
        self.transcript = transcript
    }

    /// Starts the program described by `settings`.
    public static func launch(backend: String, settings: ExternalProgramSettings,
                              environment: [String: String]) throws -> ExternalClient {
        let program: ProgramProcess
        switch Result(catching: { () throws(ProgramFailure) in
            try ProgramProcess.launch(settings.command, directory: settings.directory, environment: environment)
        }) {
        case .success(let started): program = started
        case .failure(.cannotStart(let message)):
            throw RosterError(backend: backend, operation: "start provider program", message: message)
        case .failure(let failure): throw failure
        }
        return ExternalClient(backend: backend, program: program, timeout: settings.timeout,
                              transcript: settings.protocolLog.map(Transcript.init))
    }

    /// Sends one request and returns its `result`; `secrets` are values the params reveal.
    public func call(_ method: ExternalProtocol.Method, _ params: [String: WireValue], secrets: Set<String> = [],
                     operation: String? = nil, object: String? = nil) async throws -> WireValue {
        let operation = operation ?? method.rawValue
        let start = ContinuousClock.now
        do {
            let result = try await exchange(method, params, secrets: secrets, operation: operation, object: object)
            log(operation, object, status: "ok", since: start)
            return result
        } catch {
            let status = (error as? RosterError).map { "error" + ($0.code.map { " \($0)" } ?? "") } ?? "failed"
            log(operation, object, status: status, since: start)
            throw error
        }
    }

    private func log(_ operation: String, _ object: String?, status: String, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.debug("call", metadata: ["backend": .string(backend), "operation": .string(operation),
                                        "object": .string(object ?? "-"), "status": .string(status),
                                        "duration_ms": .stringConvertible(milliseconds)])
    }

    private func exchange(_ method: ExternalProtocol.Method, _ params: [String: WireValue], secrets: Set<String>,
                          operation: String, object: String?) async throws -> WireValue {
        let id = nextID.withLock { id in defer { id += 1 }; return id }
        sentSecrets.withLock { $0.formUnion(secrets.filter { !$0.isEmpty }) }
        let request: WireValue = .object(["roster_protocol": .int(ExternalProtocol.version), "id": .int(id),
                                          "method": .string(method.rawValue), "params": .object(params)])
        let line = try Self.encoder.encode(request)
        transcript?.record("request", line, scrub: scrub)
        let answer: [UInt8]
        do {
            answer = try await program.exchange(Array(line), timeout: timeout)
        } catch let failure as ProgramFailure {
            throw describe(failure, method: method, operation: operation, object: object)
        }
        // roster's own JSON reader (bounded nesting), not Foundation's: a listing of every user is one line.
        let decoded = WireValue.parse(answer)
        // Secrets the program returns are known to the redactor before any of the answer is written.
        for value in (decoded?["result"]?["secrets"]?.object ?? [:]).values {
            if let secret = value.string { Redactor.shared.register(secret) }
        }
        transcript?.record("response", Data(answer), scrub: scrub)
        guard let response = decoded, response.object != nil else {
            await program.stop(grace: .zero)
            let excerpt = String(scrub(String(decoding: answer.prefix(1 << 16), as: UTF8.self)).prefix(120))
            throw failure(operation, object, "the provider program answered '\(method.rawValue)' with invalid JSON: "
                          + "'\(excerpt)'")
        }
        guard response["roster_protocol"]?.int == ExternalProtocol.version, response["id"]?.int == id else {
            await program.stop(grace: .zero)
            throw failure(operation, object, "the provider program answered '\(method.rawValue)' without "
                          + "roster_protocol \(ExternalProtocol.version) and id \(id)")
        }
        if let error = response["error"] {
            throw RosterError(backend: backend, operation: operation, object: object,
                              code: error["code"]?.string.map { .program(scrub($0)) },
                              message: scrub(error["message"]?.string ?? "the provider program reported an error"),
                              outcomeUnknown: error["outcome_unknown"]?.bool == true)
        }
        guard let result = response["result"], result.object != nil else {
            throw failure(operation, object, "the provider program answered '\(method.rawValue)' with no result object")
        }
        return result
    }

    public func close() async { await program.stop(grace: .seconds(2)) }

    private func describe(_ failure: ProgramFailure, method: ExternalProtocol.Method, operation: String,
                          object: String?) -> RosterError {
        let what: String
        switch failure {
        case .exited(let status, let bySignal):
            what = "the provider program \(bySignal ? "was killed by signal" : "exited with status") \(status) "
                + "before answering '\(method.rawValue)'"
        case .timedOut:
            let seconds = timeout.components.seconds
            what = "the provider program gave no answer to '\(method.rawValue)' within \(seconds) second"
                + (seconds == 1 ? "" : "s") + "; it was stopped"
        case .lineTooLong:
            what = "the provider program answered '\(method.rawValue)' with a line over \(ProgramProcess.maxLine) bytes"
        case .cannotStart(let message):
            what = message
        }
        program.stderr.settle()
        let stderr = scrub(program.stderr.text)
        let lastLines = stderr.split(separator: "\n").suffix(5).joined(separator: "\n  ")
        return self.failure(operation, object, stderr.isEmpty ? what : what + "; its stderr ends:\n  " + lastLines)
    }

    private func failure(_ operation: String, _ object: String?, _ message: String) -> RosterError {
        RosterError(backend: backend, operation: operation, object: object, code: .providerProgram, message: message)
    }

    /// Replaces every secret sent so far (and its JSON-escaped form) by `(sensitive)`.
    func scrub(_ text: String) -> String {
        var out = Redactor.shared.scrub(text)
        for secret in sentSecrets.withLock({ $0 }).sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: secret, with: Secret.redacted)
            if let escaped = try? String(decoding: Self.encoder.encode(secret), as: UTF8.self).dropFirst().dropLast(),
               !escaped.isEmpty {
                out = out.replacingOccurrences(of: String(escaped), with: Secret.redacted)
            }
        }
        return out
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// `protocol_log:`: every line exchanged, as `{"direction", "line"}` JSON a line, secrets scrubbed.
final class Transcript: Sendable {
    let path: String
    private let lock = Mutex(())

    init(path: String) { self.path = path }

    func record(_ direction: String, _ message: Data, scrub: (String) -> String) {
        let text = scrub(String(decoding: message, as: UTF8.self))
        let entry: WireValue = .object(["direction": .string(direction), "line": .string(text)])
        guard let encoded = try? ExternalClient.encoder.encode(entry) else { return }
        let line = String(decoding: encoded, as: UTF8.self) + "\n"
        lock.withLock { _ in
            // 0600, appended, never through a symbolic link: it holds what the backend holds.
            guard let fd = try? SafeFile.create(path, exclusive: false, append: true, operation: "protocol_log") else { return }
            defer { close(fd) }
            _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        }
    }
}
