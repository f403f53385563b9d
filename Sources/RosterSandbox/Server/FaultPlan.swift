/// Faults the server injects before a request reaches the emulator: latency, a fraction
/// of error answers, a fraction of connections closed without an answer. `applies`
/// narrows them to some requests (by default all).
public struct FaultPlan: Sendable {
    public var latency: Duration
    /// Probability (0...1) that a request is answered with `errorStatus` instead.
    public var errorRate: Double
    public var errorStatus: Int
    /// Probability (0...1) that the connection is closed before any answer.
    public var dropRate: Double
    public var applies: @Sendable (EmulatorRequest) -> Bool

    public init(
        latency: Duration = .zero, errorRate: Double = 0, errorStatus: Int = 503, dropRate: Double = 0,
        applies: @escaping @Sendable (EmulatorRequest) -> Bool = { _ in true }
    ) {
        self.latency = latency
        self.errorRate = errorRate
        self.errorStatus = errorStatus
        self.dropRate = dropRate
        self.applies = applies
    }

    public static let none = FaultPlan()

    enum Decision: Sendable {
        case pass
        case respond(EmulatorResponse)
        case drop
    }

    func decide(for request: EmulatorRequest) -> (delay: Duration, decision: Decision) {
        guard applies(request) else { return (.zero, .pass) }
        var generator = SystemRandomNumberGenerator()
        if dropRate > 0, Double.random(in: 0..<1, using: &generator) < dropRate {
            return (latency, .drop)
        }
        if errorRate > 0, Double.random(in: 0..<1, using: &generator) < errorRate {
            return (latency, .respond(.text("injected fault\n", status: errorStatus)))
        }
        return (latency, .pass)
    }
}
