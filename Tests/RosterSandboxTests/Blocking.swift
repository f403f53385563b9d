import Foundation

/// Runs blocking work (socket reads, waiting for a child process) on its own thread, so
/// it never occupies the few cooperative threads the emulator's handlers need.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
