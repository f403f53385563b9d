import Synchronization

/// How many faults of each kind a server injected, for tests and the fault script's figures.
public final class FaultCounters: Sendable {
    private let counts = Mutex([FaultKind: Int]())

    public init() {}

    func record(_ kind: FaultKind) {
        counts.withLock { $0[kind, default: 0] += 1 }
    }

    public subscript(kind: FaultKind) -> Int { counts.withLock { $0[kind, default: 0] } }

    /// Every kind with its count, zeros included.
    public var all: [FaultKind: Int] {
        counts.withLock { counts in Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0, counts[$0, default: 0]) }) }
    }

    /// Faults that changed an answer (every kind but latency).
    public var total: Int { all.filter { $0.key != .latency }.values.reduce(0, +) }

    public func reset() { counts.withLock { $0.removeAll() } }
}
