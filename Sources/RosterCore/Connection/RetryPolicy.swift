import Foundation
import Synchronization

/// How the shared HTTP layer retries a request: exponential backoff with full jitter, waiting at
/// least what `Retry-After` says. A read is retried while its backend's `readTime` for the run
/// lasts (not a fixed number of times); a change at most `attempts` tries, within `budget`'s
/// retries per backend and run and the executor's per-action budget (`RetryScope.action`).
///
/// What is retried, request by request:
/// - A read (`mutating: false`): on 429, every 5xx, timeouts and closed or reset connections.
/// - A request that was never sent (the connection could not be opened): always.
/// - 429: always. The server refused the request before doing it.
/// - A mutating request marked `idempotent` (by default a PUT: every PUT the providers send sets
///   whole values — a CTERA attribute, a Squirro user's fields, a project role, a cloud user's
///   changed fields — so sending it twice leaves the same state): also on every 5xx, timeouts and
///   closed connections.
/// - Any other mutating request (POST creates and role adds, XML-RPC calls, DELETE) answered with a
///   5xx (503 too: behind some proxies it comes after the request was carried out), or not answered
///   at all (a timeout, a connection closed after sending), is never re-sent blindly: it fails with
///   `RosterError.outcomeUnknown`, and the executor reads the object back, then finishes it.
/// - Every 4xx but 429 (vendor errors; XML-RPC faults come as 200) is returned to the provider
///   unchanged: never retried.
public struct RetryPolicy: Sendable {
    /// Tries per request, the first included (1: never retry).
    public var attempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Retries left for this backend's changes in this run, shared by all of them.
    public var budget: RetryBudget
    /// The time this backend's reads may still wait between tries in this run: reads are retried
    /// until it is spent, whatever their number of tries.
    public var readTime: TimeBudget

    public init(attempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
                budget: RetryBudget = RetryBudget(limit: 1000), readTime: TimeBudget = TimeBudget(limit: .seconds(60))) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.budget = budget
        self.readTime = readTime
    }

    /// The policy from a backend's `retry:` settings, with fresh budgets for one run.
    public init(_ settings: RetrySettings) {
        self.init(attempts: settings.attempts, baseDelay: settings.baseDelay, maxDelay: settings.maxDelay,
                  budget: RetryBudget(limit: settings.budget), readTime: TimeBudget(limit: settings.readBudget))
    }

    /// Never retries.
    public static var never: RetryPolicy {
        RetryPolicy(attempts: 1, budget: RetryBudget(limit: 0), readTime: TimeBudget(limit: .zero))
    }

    /// The wait before retry number `retry` (1 for the first): a random duration up to
    /// `baseDelay · 2^(retry-1)`, capped at `maxDelay`, and never less than `retryAfter`.
    /// Nil when the server asks to wait longer than `maxDelay`: the request is not retried then.
    public func delay(retry: Int, retryAfter: Duration?) -> Duration? {
        if let retryAfter, retryAfter > maxDelay { return nil }
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let jittered = ceiling * Double.random(in: 0...1)
        return max(jittered, retryAfter ?? .zero)
    }

    /// `Retry-After` as seconds or an HTTP date.
    public static func retryAfter(_ header: String?, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header) { return seconds >= 0 ? .milliseconds(Int64(seconds * 1000)) : nil }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = format.date(from: header) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}

/// A backend's `retry:` block as the config says it.
public struct RetrySettings: Sendable, Hashable {
    public var attempts = 5
    public var baseDelay: Duration = .milliseconds(200)
    public var maxDelay: Duration = .seconds(10)
    public var budget = 1000
    public var readBudget: Duration = .seconds(60)

    public init(attempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
                budget: Int = 1000, readBudget: Duration = .seconds(60)) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.budget = budget
        self.readBudget = readBudget
    }
}

/// A count of retries that may still be spent, shared by everyone holding it.
public final class RetryBudget: Sendable {
    public let limit: Int
    private let used = Mutex(0)

    public init(limit: Int) { self.limit = limit }

    /// Takes one retry; false when none is left.
    public func take() -> Bool {
        used.withLock { used in
            guard used < limit else { return false }
            used += 1
            return true
        }
    }

    /// Retries spent so far.
    public var spent: Int { used.withLock { $0 } }
}

/// Time that may still be spent waiting, shared by everyone holding it.
public final class TimeBudget: Sendable {
    public let limit: Duration
    private let used = Mutex(Duration.zero)

    public init(limit: Duration) { self.limit = limit }

    /// Takes `wait` from what is left; false (nothing taken) when it does not fit.
    public func take(_ wait: Duration) -> Bool {
        used.withLock { used in
            guard used + wait <= limit else { return false }
            used += wait
            return true
        }
    }

    public var spent: Duration { used.withLock { $0 } }
}

/// The retries one action may spend across all its requests; the executor sets it around each action.
public enum RetryScope {
    @TaskLocal public static var action: RetryBudget?
}
