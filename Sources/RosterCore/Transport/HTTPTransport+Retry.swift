import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// The retry loop of `HTTPTransport.send`; what is retried is written down at `RetryPolicy`.
extension HTTPTransport {
    /// What to do after one try.
    enum Step {
        /// Hand the answer to the provider.
        case done
        case retry(retryAfter: Duration?)
        /// The request may have landed and may not be sent again.
        case unknown
        /// An error that retrying cannot help.
        case fail
    }

    func sendRetrying(_ spec: HTTPRequestSpec) async throws -> HTTPReply {
        var tries = 0
        while true {
            tries += 1
            var reply: HTTPReply?
            var failure: (any Error)?
            do { reply = try await sendOnce(spec) } catch { failure = error }
            let step = reply.map { Self.step(status: $0, spec) } ?? Self.step(error: failure!, spec)
            switch step {
            case .done: return reply!
            case .fail: throw wrapped(failure!, spec)
            case .unknown: throw outcomeUnknown(spec, reply: reply, error: failure)
            case .retry(let retryAfter):
                guard let delay = spendRetry(tries: tries, retryAfter: retryAfter) else {
                    if let reply { return reply }
                    if spec.mutating && !Self.neverSent(failure!) { throw outcomeUnknown(spec, reply: nil, error: failure) }
                    throw wrapped(failure!, spec)
                }
                let cause = reply.map { "HTTP \($0.status)" } ?? Self.describe(failure!)
                logger.info("retrying", metadata: [
                    "backend": .string(backend), "operation": .string(spec.operation), "cause": .string(cause),
                    "try": .stringConvertible(tries + 1), "delay_ms": .stringConvertible(delay.milliseconds),
                ])
                try await Task.sleep(for: delay)
            }
        }
    }

    /// The wait before the next try, when the request may be tried again and the budgets allow it.
    private func spendRetry(tries: Int, retryAfter: Duration?) -> Duration? {
        guard tries < retry.attempts, let delay = retry.delay(retry: tries, retryAfter: retryAfter) else { return nil }
        guard RetryScope.action?.take() ?? true, retry.budget.take() else { return nil }
        return delay
    }

    static func step(status reply: HTTPReply, _ spec: HTTPRequestSpec) -> Step {
        let retryAfter = RetryPolicy.retryAfter(reply.header("Retry-After"))
        switch reply.status {
        case 429, 503: return .retry(retryAfter: retryAfter)
        case 502, 504: return spec.idempotent ? .retry(retryAfter: retryAfter) : .unknown
        case 500..<600: return spec.mutating ? .done : .retry(retryAfter: nil)
        default: return .done
        }
    }

    static func step(error: any Error, _ spec: HTTPRequestSpec) -> Step {
        if error is RosterError || error is CancellationError { return .fail }
        if neverSent(error) || spec.idempotent { return .retry(retryAfter: nil) }
        return .unknown
    }

    /// Errors that show the request never left: the connection could not be opened.
    static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .socksHandshakeTimeout || error == .tlsHandshakeTimeout
        }
        if error is NIOConnectionError { return true }
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if case ChannelError.connectTimeout = error { return true }
        return false
    }

    func wrapped(_ error: any Error, _ spec: HTTPRequestSpec) -> any Error {
        if error is RosterError || error is CancellationError { return error }
        return RosterError(backend: backend, operation: spec.operation,
                           message: "cannot reach \(Self.host(of: spec.url)): \(Self.describe(error))")
    }

    func outcomeUnknown(_ spec: HTTPRequestSpec, reply: HTTPReply?, error: (any Error)?) -> RosterError {
        let cause = reply.map { "HTTP \($0.status)" } ?? error.map(Self.describe) ?? "no answer"
        logger.info("outcome unknown", metadata: [
            "backend": .string(backend), "operation": .string(spec.operation), "cause": .string(cause),
        ])
        return RosterError(backend: backend, operation: spec.operation, code: reply.map { "HTTP \($0.status)" },
                           message: "no answer from \(Self.host(of: spec.url)) (\(cause)); the request may have been "
                               + "carried out, so it was not sent again", outcomeUnknown: true)
    }

    static func describe(_ error: any Error) -> String { String(describing: error) }
}

extension Duration {
    fileprivate var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
