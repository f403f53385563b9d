import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Threads for roster's network work. A task that prefers this executor (the reads of a plan and
/// the actions of an apply do) sends each plain HTTP request on the thread it runs on, blocking
/// that thread until the answer is in, over a connection the thread keeps. The task then goes on
/// with the answer where it is: no hand-off to a connection thread and back, which cost more CPU
/// in thread switches than the request itself. A thread is added whenever a job finds every
/// thread busy (most are waiting on a server), up to `maxThreads`.
public final class IOExecutor: TaskExecutor, @unchecked Sendable {
    public static let shared = IOExecutor(maxThreads: 96)

    /// The executor reads and actions prefer: `shared`, or none when `ROSTER_HTTP_CLIENT=general`
    /// sends every request through the general client from Swift's own threads (as roster did
    /// before; kept for comparison and as a way out).
    public static let preferred: IOExecutor? = plainHTTP ? shared : nil

    /// False when `ROSTER_HTTP_CLIENT=general`: no plain HTTP client, no I/O threads.
    public static let plainHTTP = ProcessInfo.processInfo.environment["ROSTER_HTTP_CLIENT"] != "general"

    let maxThreads: Int
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var idle = 0
    private var threads = 0

    init(maxThreads: Int) {
        self.maxThreads = max(1, maxThreads)
    }

    /// A job from one of these threads (a child task, a task resumed by an answer) waits for
    /// that thread: the thread runs it as soon as its own job ends or suspends, or wakes another
    /// thread for it before it blocks on the network (`beforeBlocking`). A job from elsewhere
    /// wakes an idle thread, or starts one.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let local = IOThread.current?.executor === self
        condition.lock()
        jobs.append(job)
        let (wake, spawn) = local ? (false, false) : helper()
        condition.unlock()
        start(wake: wake, spawn: spawn)
    }

    /// Called on one of these threads before it blocks: the jobs it holds back go to other threads.
    public func beforeBlocking() {
        condition.lock()
        let (wake, spawn) = head < jobs.count ? helper() : (false, false)
        condition.unlock()
        start(wake: wake, spawn: spawn)
    }

    /// Whether to wake an idle thread or start one for the queued jobs (under the lock).
    private func helper() -> (wake: Bool, spawn: Bool) {
        if idle > 0 { return (true, false) }
        guard threads < maxThreads else { return (false, false) }
        threads += 1
        return (false, true)
    }

    private func start(wake: Bool, spawn: Bool) {
        if wake { condition.signal() }
        if spawn {
            let thread = Thread { [self] in run() }
            thread.name = "roster-io"
            thread.start()
        }
    }

    private func next() -> UnownedJob {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            idle += 1
            condition.wait()
            idle -= 1
        }
        let job = jobs[head]
        head += 1
        if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
        return job
    }

    private func run() {
        IOThread.attach(self)
        while true {
            next().runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// One `IOExecutor` thread, as the network layer sees it: which executor it serves, and what
/// the network layer keeps on it (its open connections).
public final class IOThread {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's, when it is an `IOExecutor` thread.
    public static var current: IOThread? {
        pthread_getspecific(key).map { Unmanaged<IOThread>.fromOpaque($0).takeUnretainedValue() }
    }

    static func attach(_ executor: IOExecutor) {
        pthread_setspecific(key, Unmanaged.passRetained(IOThread(executor)).toOpaque())
    }

    public unowned let executor: IOExecutor
    /// The network layer's, for this thread only.
    public var storage: AnyObject?

    private init(_ executor: IOExecutor) {
        self.executor = executor
    }
}
