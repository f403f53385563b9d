import Synchronization

/// An apply asked to stop (the first SIGINT or SIGTERM): the executor starts no action after it and
/// lets the running ones finish. Whether execution had begun decides what stopping means: before
/// it, nothing was changed and the run can end at once.
public final class StopRequest: Sendable {
    private struct State {
        var signal: Int32?
        var executing = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The signal that asked to stop, if one did.
    public var signal: Int32? { state.withLock { $0.signal } }
    public var isRequested: Bool { signal != nil }

    /// Asks to stop. Returns whether actions had begun to run (false: nothing was changed).
    @discardableResult
    public func request(_ signal: Int32) -> Bool {
        state.withLock { state in
            if state.signal == nil { state.signal = signal }
            return state.executing
        }
    }

    /// The executor is about to start its first action. False when a stop came first: start none.
    public func beginExecuting() -> Bool {
        state.withLock { state in
            guard state.signal == nil else { return false }
            state.executing = true
            return true
        }
    }
}
