import Synchronization

/// A listing a session starts before it is asked to fetch (`ProviderSession.startListings`): a
/// pull-request plan connects and lists while its configs load. The next fetch takes the result;
/// a session that is closed first cancels it.
public final class EarlyListing<Value: Sendable>: Sendable {
    private let task = Mutex<Task<Value, any Error>?>(nil)

    public init() {}

    /// Starts `body` on the I/O threads, unless a listing is already under way.
    public func start(_ body: @escaping @Sendable () async throws -> Value) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task(executorPreference: IOExecutor.preferred) { try await body() }
        }
    }

    /// The started listing's result, once; without one, `body`'s. Cancelling the caller cancels
    /// the listing.
    public func take(or body: () async throws -> Value) async throws -> Value {
        let started = task.withLock { task in
            defer { task = nil }
            return task
        }
        guard let started else { return try await body() }
        return try await withTaskCancellationHandler { try await started.value } onCancel: { started.cancel() }
    }

    /// Cancels a listing nobody took, and waits for it to end (before its session closes).
    public func cancel() async {
        let started = task.withLock { task in
            defer { task = nil }
            return task
        }
        started?.cancel()
        _ = try? await started?.value
    }
}
