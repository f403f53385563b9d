import Foundation

/// Faults the server injects around an emulator: latency, a fraction of error answers (500/503),
/// a fraction of 429 answers with `Retry-After`, a fraction of connections closed before any answer
/// (the emulator never sees the request), and a fraction of "lost answers": the emulator handles
/// the request (a mutation lands) and the connection is closed instead of answering. `applies`
/// narrows them to some requests (by default all).
///
/// Set from a seed's `faults:` block, from `roster sandbox --fault TYPE:SPEC`, or by a test
/// (`EmulatorServer.faults`). Each decision draws independently, in this order: drop, throttle,
/// error, lost.
public struct FaultPlan: Sendable {
    public var latency: Duration
    /// Probability (0...1) that a request is answered with one of `errorStatuses` instead.
    public var errorRate: Double
    /// The statuses of injected errors, drawn evenly (500 and 503 by default).
    public var errorStatuses: [Int]
    /// Probability (0...1) that the connection is closed before the emulator sees the request.
    public var dropRate: Double
    /// Probability (0...1) that the emulator handles the request but the answer is never sent.
    public var lostRate: Double
    /// Probability (0...1) that a request is refused with 400 and an error text that echoes it
    /// (its path and body; non-ASCII text as `\uXXXX`, as Python's `json.dumps` writes it), as
    /// a careless server or proxy does: a client must not print what it sent.
    public var echoRate: Double = 0
    /// Probability (0...1) that a request is answered 429 with `Retry-After: retryAfter`.
    public var throttleRate: Double
    /// Seconds, as the `Retry-After` header says them.
    public var retryAfter: Int
    public var applies: @Sendable (EmulatorRequest) -> Bool

    public init(
        latency: Duration = .zero, errorRate: Double = 0, errorStatuses: [Int] = [500, 503], dropRate: Double = 0,
        lostRate: Double = 0, throttleRate: Double = 0, retryAfter: Int = 1,
        applies: @escaping @Sendable (EmulatorRequest) -> Bool = { _ in true }
    ) {
        self.latency = latency
        self.errorRate = errorRate
        self.errorStatuses = errorStatuses.isEmpty ? [503] : errorStatuses
        self.dropRate = dropRate
        self.lostRate = lostRate
        self.throttleRate = throttleRate
        self.retryAfter = retryAfter
        self.applies = applies
    }

    /// The former single-status form.
    public init(latency: Duration = .zero, errorRate: Double = 0, errorStatus: Int, dropRate: Double = 0,
                applies: @escaping @Sendable (EmulatorRequest) -> Bool = { _ in true }) {
        self.init(latency: latency, errorRate: errorRate, errorStatuses: [errorStatus], dropRate: dropRate,
                  applies: applies)
    }

    public static let none = FaultPlan()

    /// Whether it injects anything at all.
    public var isEmpty: Bool {
        latency == .zero && errorRate == 0 && dropRate == 0 && lostRate == 0 && throttleRate == 0 && echoRate == 0
    }

    enum Decision: Sendable {
        case pass
        case respond(EmulatorResponse, FaultKind)
        case drop
        /// Handle the request, then close the connection without answering.
        case lose
    }

    func decide(for request: EmulatorRequest) -> (delay: Duration, decision: Decision) {
        guard applies(request) else { return (.zero, .pass) }
        var generator = SystemRandomNumberGenerator()
        func draw(_ rate: Double) -> Bool { rate > 0 && Double.random(in: 0..<1, using: &generator) < rate }
        if draw(dropRate) { return (latency, .drop) }
        if draw(throttleRate) {
            let response = EmulatorResponse(
                status: 429, headers: [(name: "Retry-After", value: String(retryAfter)),
                                       (name: "Content-Type", value: "text/plain; charset=utf-8")],
                body: Array("Too Many Requests\n".utf8))
            return (latency, .respond(response, .throttle))
        }
        if draw(errorRate) {
            let status = errorStatuses.randomElement(using: &generator) ?? 503
            return (latency, .respond(.text("injected fault\n", status: status), .error))
        }
        if draw(lostRate) { return (latency, .lose) }
        if draw(echoRate) { return (latency, .respond(Self.echo(request), .echo)) }
        return (latency, .pass)
    }

    /// A 400 whose JSON `error` repeats the request, and whose `detail` repeats it again with every
    /// non-ASCII character escaped; the same text once more as a CTERA `msg` and an XML-RPC-style
    /// fault string, so every client finds it where it reads a vendor message.
    static func echo(_ request: EmulatorRequest) -> EmulatorResponse {
        let sent = request.method + " " + request.path + " " + String(decoding: request.body, as: UTF8.self)
        var ascii = ""
        for unit in sent.utf16 {
            if unit < 0x80 { ascii.unicodeScalars.append(Unicode.Scalar(UInt8(unit))) } else { ascii += String(format: "\\u%04x", unit) }
        }
        let json = try? JSONSerialization.data(withJSONObject: ["error": "rejected: " + sent, "message": "rejected: " + ascii,
                                                                "detail": ["request": ascii]])
        return EmulatorResponse(status: 400, headers: [(name: "Content-Type", value: "application/json")],
                                body: Array(json ?? Data(ascii.utf8)))
    }
}

/// The kinds of fault a server counts.
public enum FaultKind: String, Sendable, CaseIterable {
    case latency, error, throttle, drop, lost, echo
}
