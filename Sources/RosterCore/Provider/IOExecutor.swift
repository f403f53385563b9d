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

    private var pool: GrowingThreadPool<UnownedJob>!

    init(maxThreads: Int) {
        pool = GrowingThreadPool(name: "roster-io", maxThreads: maxThreads) { [unowned self] in
            IOThread.attach(self)
            return { job in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    /// A job from one of these threads (a child task, a task resumed by an answer) waits for
    /// that thread: the thread runs it as soon as its own job ends or suspends, or wakes another
    /// thread for it before it blocks on the network (`beforeBlocking`). A job from elsewhere
    /// wakes an idle thread, or starts one.
    public func enqueue(_ job: consuming ExecutorJob) {
        pool.push(UnownedJob(job), wake: IOThread.current?.executor !== self)
    }

    /// Called on one of these threads before it blocks: the jobs it holds back go to other threads.
    public func beforeBlocking() {
        pool.wakeIfQueued()
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
