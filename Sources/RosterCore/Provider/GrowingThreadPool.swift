import Foundation

/// A queue of jobs served by threads started as they are needed, up to `maxThreads`, and kept
/// until `shutdown`: what the I/O executor runs task jobs on, and the plain HTTP client's
/// connection threads. Each thread makes its handler once (`worker`), so it may keep state of its
/// own, such as an open connection, from one job to the next.
public final class GrowingThreadPool<Job>: @unchecked Sendable {
    let name: String
    let maxThreads: Int
    let stackSize: Int?
    private let worker: @Sendable () -> (Job) -> Void
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var idle = 0
    private var threads = 0
    private var closed = false

    public init(name: String, maxThreads: Int, stackSize: Int? = nil, worker: @escaping @Sendable () -> (Job) -> Void) {
        self.name = name
        self.maxThreads = max(1, maxThreads)
        self.stackSize = stackSize
        self.worker = worker
    }

    /// Queues a job. With `wake`, an idle thread is woken for it, or one started; without, it
    /// waits for a thread to come back for work (or for `wakeIfQueued`). False after `shutdown`.
    @discardableResult
    public func push(_ job: Job, wake: Bool = true) -> Bool {
        condition.lock()
        guard !closed else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        let (signal, spawn) = wake ? helper() : (false, false)
        condition.unlock()
        start(signal: signal, spawn: spawn)
        return true
    }

    /// Wakes an idle thread, or starts one, when jobs wait.
    public func wakeIfQueued() {
        condition.lock()
        let (signal, spawn) = head < jobs.count ? helper() : (false, false)
        condition.unlock()
        start(signal: signal, spawn: spawn)
    }

    /// Ends every thread once the jobs already queued are done; later pushes are refused.
    public func shutdown() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether to wake an idle thread or start one (under the lock).
    private func helper() -> (signal: Bool, spawn: Bool) {
        if idle > 0 { return (true, false) }
        guard threads < maxThreads else { return (false, false) }
        threads += 1
        return (false, true)
    }

    private func start(signal: Bool, spawn: Bool) {
        if signal { condition.signal() }
        guard spawn else { return }
        let thread = Thread { [self] in
            let handle = worker()
            while let job = next() { handle(job) }
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// The next job, or nil once the pool is shut down and empty.
    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed {
            idle += 1
            condition.wait()
            idle -= 1
        }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
        return job
    }
}
