import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import RosterCore

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
            let outcome: Result<HTTPReply, any Error>
            do { outcome = .success(try await sendOnce(spec)) } catch { outcome = .failure(error) }
            switch (Self.step(outcome, spec), outcome) {
            case (.done, .success(let reply)): return reply
            case (.unknown, _): throw outcomeUnknown(spec, outcome)
            case (.retry(let retryAfter), _):
                if let delay = spendRetry(tries: tries, retryAfter: retryAfter, read: !spec.mutating) {
                    logger.info("retrying", metadata: [
                        "backend": .string(backend), "operation": .string(spec.operation),
                        "cause": .string(Self.cause(outcome)), "try": .stringConvertible(tries + 1),
                        "delay_ms": .stringConvertible(delay.milliseconds),
                    ])
                    try await Task.sleep(for: delay)
                    continue
                }
                // Out of tries or budget: the last answer goes to the provider; a change that may
                // have been sent is an unknown outcome.
                switch outcome {
                case .success(let reply): return reply
                case .failure(let error) where spec.mutating && !Self.neverSent(error): throw outcomeUnknown(spec, outcome)
                case .failure(let error): throw wrapped(error, spec)
                }
            case (_, .failure(let error)): throw wrapped(error, spec)
            case (.fail, .success(let reply)): return reply
            }
        }
    }

    /// The wait before the next try, when the request may be tried again and the budgets allow it.
    private func spendRetry(tries: Int, retryAfter: Duration?, read: Bool) -> Duration? {
        guard let delay = retry.delay(retry: tries, retryAfter: retryAfter) else { return nil }
        // A read goes on while the backend's read time lasts: a plan never stops on one unlucky read.
        if read { return retry.readTime.take(delay) ? delay : nil }
        guard tries < retry.attempts, RetryScope.action?.take() ?? true, retry.budget.take() else { return nil }
        return delay
    }

    static func step(_ outcome: Result<HTTPReply, any Error>, _ spec: HTTPRequestSpec) -> Step {
        switch outcome {
        case .success(let reply): step(status: reply, spec)
        case .failure(let error): step(error: error, spec)
        }
    }

    static func step(status reply: HTTPReply, _ spec: HTTPRequestSpec) -> Step {
        let retryAfter = RetryPolicy.retryAfter(reply.header("Retry-After"))
        switch reply.status {
        case 429: return .retry(retryAfter: retryAfter)
        // A change that may have been carried out (a 503 too, behind some proxies) is read back.
        case 500..<600: return !spec.mutating || spec.idempotent ? .retry(retryAfter: retryAfter) : .unknown
        default: return .done
        }
    }

    static func step(error: any Error, _ spec: HTTPRequestSpec) -> Step {
        if error is RosterError || error is CancellationError || certificateProblem(error) != nil { return .fail }
        // A proxy that refuses roster's credentials or answers nonsense refuses them the next time too.
        if let error = error as? HTTPClientError, error == .proxyAuthenticationRequired || error == .invalidProxyResponse {
            return .fail
        }
        // An answer past the body limit will be as large the next time: a read gives up at once;
        // a change was answered, so it was carried out in some way, and is not sent again.
        if error is NIOTooManyBytesError || (error as? PlainHTTPError)?.kind == .tooLarge { return spec.mutating ? .unknown : .fail }
        if neverSent(error) || spec.idempotent { return .retry(retryAfter: nil) }
        return .unknown
    }

    /// Errors that show the request never left: the connection could not be opened.
    static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? PlainHTTPError { return error.kind == .connect }
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
        return RosterError(backend: backend, operation: spec.operation, message: Self.failure(spec.url, error))
    }

    func outcomeUnknown(_ spec: HTTPRequestSpec, _ outcome: Result<HTTPReply, any Error>) -> RosterError {
        let cause = Self.cause(outcome)
        logger.info("outcome unknown", metadata: [
            "backend": .string(backend), "operation": .string(spec.operation), "cause": .string(cause),
        ])
        let code: RosterError.Code? = if case .success(let reply) = outcome { .http(reply.status) } else { nil }
        return RosterError(backend: backend, operation: spec.operation, code: code,
                           message: "no answer from \(Self.host(of: spec.url)) (\(cause)); the request may have been "
                               + "carried out, so it was not sent again", outcomeUnknown: true)
    }

    static func cause(_ outcome: Result<HTTPReply, any Error>) -> String {
        switch outcome {
        case .success(let reply): "HTTP \(reply.status)"
        case .failure(let error): describe(error)
        }
    }

    static func describe(_ error: any Error) -> String { String(describing: error) }
}

extension Duration {
    fileprivate var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
