import Foundation
import Logging
import RosterCore
import RosterHTTP
import RosterSandbox
import Synchronization
import Testing

/// `HTTPTransport.send` with its retry policy, against a real loopback server whose faults are
/// aimed at chosen requests.
@Suite struct RetryTransportTests {
    /// Answers 200 to everything and counts what reached it, by method.
    final class Counting: EmulatorService {
        let type = "counting"
        let handled = Mutex([String: Int]())
        var count: Int { handled.withLock { $0.values.reduce(0, +) } }
        func count(_ method: String) -> Int { handled.withLock { $0[method] ?? 0 } }
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            handled.withLock { $0[request.method, default: 0] += 1 }
            return .text("ok\n")
        }
    }

    /// True for the first `n` requests the fault plan looks at.
    static func first(_ n: Int) -> @Sendable (EmulatorRequest) -> Bool {
        let seen = Mutex(0)
        return { _ in seen.withLock { seen in
            seen += 1
            return seen <= n
        } }
    }

    /// The whole test run starts dozens of servers and processes at once on a small machine, so a
    /// loopback answer can take seconds: only the test about timeouts uses a short one.
    static func transport(_ policy: RetryPolicy, timeout: Duration = .seconds(60)) -> HTTPTransport {
        HTTPTransport(backend: "test", mode: .readWrite, logger: Logger(label: "test"), timeout: timeout,
                      retry: policy)
    }

    static var quick: RetryPolicy { RetryPolicy(attempts: 5, baseDelay: .milliseconds(1), maxDelay: .milliseconds(20)) }

    static func get(_ server: EmulatorServer) -> HTTPRequestSpec {
        HTTPRequestSpec(method: "GET", url: server.baseURL + "/users", mutating: false, operation: "GET /users")
    }

    static func post(_ server: EmulatorServer) -> HTTPRequestSpec {
        HTTPRequestSpec(method: "POST", url: server.baseURL + "/users", body: Array("{}".utf8), mutating: true,
                        operation: "POST /users")
    }

    @Test func aReadIsRetriedOn503And500UntilItIsAnswered() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            server.faults = FaultPlan(errorRate: 1, errorStatuses: [503, 500], applies: Self.first(3))
            let policy = Self.quick
            let transport = Self.transport(policy)
            let reply = try await transport.send(Self.get(server))
            await transport.shutdown()
            #expect(reply.status == 200)
            #expect(service.count == 1)
            #expect(policy.budget.spent == 0, "reads spend time, not the changes' count")
            #expect(policy.readTime.spent > .zero)
        }
    }

    /// Issue 19: a read goes on past `attempts` while the backend's read time lasts, and stops when
    /// it is spent.
    @Test func aReadIsRetriedWithinTheRunsReadTimeNotAFixedCount() async throws {
        try await withEmulatorServer(Counting()) { server in
            server.faults = FaultPlan(errorRate: 1, errorStatuses: [503])
            let policy = RetryPolicy(attempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                     readTime: TimeBudget(limit: .milliseconds(60)))
            let transport = Self.transport(policy)
            let reply = try await transport.send(Self.get(server))
            await transport.shutdown()
            #expect(reply.status == 503)
            // Each wait is at most 2 ms: 60 ms of waits take at least 30 tries.
            #expect(server.injected[.error] ?? 0 >= 30, "\(server.injected.all)")
            #expect(policy.readTime.spent <= .milliseconds(60))
        }
    }

    @Test func retryAfterIsWaitedFor() async throws {
        try await withEmulatorServer(Counting()) { server in
            server.faults = FaultPlan(throttleRate: 1, retryAfter: 1, applies: Self.first(1))
            let transport = Self.transport(RetryPolicy(attempts: 3, baseDelay: .milliseconds(1), maxDelay: .seconds(2)))
            let start = ContinuousClock.now
            let reply = try await transport.send(Self.get(server))
            await transport.shutdown()
            #expect(reply.status == 200)
            #expect(start.duration(to: .now) >= .seconds(1))
        }
    }

    @Test func aRetryAfterBeyondMaxDelayIsNotWaitedFor() async throws {
        try await withEmulatorServer(Counting()) { server in
            server.faults = FaultPlan(throttleRate: 1, retryAfter: 30)
            let transport = Self.transport(Self.quick)
            let reply = try await transport.send(Self.get(server))
            await transport.shutdown()
            #expect(reply.status == 429)
            #expect(server.injected[.throttle] == 1)
        }
    }

    @Test func aCreateWhoseAnswerWasLostIsNotSentAgain() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            server.faults = FaultPlan(lostRate: 1, applies: Self.first(1))
            let transport = Self.transport(Self.quick)
            await #expect { try await transport.send(Self.post(server)) } throws: { error in
                (error as? RosterError)?.outcomeUnknown == true
            }
            await transport.shutdown()
            #expect(service.count == 1)  // it landed once, and was not re-sent
            #expect(server.injected[.lost] == 1)
        }
    }

    /// Issue 19: behind some proxies a 503 comes after the request was carried out, so a 503 to a
    /// create is an unknown outcome (read back by the executor), never re-sent blindly; a 429 is.
    @Test func aCreateAnswered503IsReadBackAndAThrottledOneIsSentAgain() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            server.faults = FaultPlan(errorRate: 1, errorStatuses: [503], applies: Self.first(1))
            let transport = Self.transport(Self.quick)
            await #expect { try await transport.send(Self.post(server)) } throws: { error in
                (error as? RosterError)?.outcomeUnknown == true
            }
            #expect(service.count == 0)
            let reply1 = try await transport.send(Self.post(server))
            #expect(reply1.status == 200)
            server.faults = FaultPlan(throttleRate: 1, retryAfter: 0, applies: Self.first(1))
            let reply2 = try await transport.send(Self.post(server))
            #expect(reply2.status == 200)
            await transport.shutdown()
            #expect(service.count == 2)
        }
    }

    @Test func aMutating500IsAnUnknownOutcomeNotSentAgain() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            server.faults = FaultPlan(errorRate: 1, errorStatuses: [500], applies: Self.first(1))
            let policy = Self.quick
            let transport = Self.transport(policy)
            await #expect { try await transport.send(Self.post(server)) } throws: { error in
                (error as? RosterError)?.outcomeUnknown == true && (error as? RosterError)?.code == .http(500)
            }
            await transport.shutdown()
            #expect(policy.budget.spent == 0)
            #expect(service.count == 0)
        }
    }

    @Test func anIdempotentPutIsSentAgainAfterAClosedConnection() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            server.faults = FaultPlan(dropRate: 1, applies: Self.first(1))
            let transport = Self.transport(Self.quick)
            let put = HTTPRequestSpec(method: "PUT", url: server.baseURL + "/users/1", body: Array("{}".utf8),
                                      mutating: true, operation: "PUT /users/1")
            let reply4 = try await transport.send(put)
            #expect(reply4.status == 200)
            await transport.shutdown()
            #expect(service.count == 1)
            #expect(server.injected[.drop] == 1)
        }
    }

    @Test func theRunBudgetAndTheActionBudgetBoundRetries() async throws {
        try await withEmulatorServer(Counting()) { server in
            server.faults = FaultPlan(throttleRate: 1, retryAfter: 0)
            let policy = RetryPolicy(attempts: 10, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                     budget: RetryBudget(limit: 2))
            let transport = Self.transport(policy)
            let reply5 = try await transport.send(Self.post(server))
            #expect(reply5.status == 429)
            #expect(policy.budget.spent == 2)
            let action = RetryBudget(limit: 1)
            let unbounded = Self.transport(Self.quick)
            let reply = try await RetryScope.$action.withValue(action) { try await unbounded.send(Self.post(server)) }
            #expect(reply.status == 429)
            #expect(action.spent == 1)
            await transport.shutdown()
            await unbounded.shutdown()
        }
    }

    @Test func aTransportDroppedWithoutShutdownReleasesItself() async throws {
        // A session whose sign-in threw never reaches `shutdown()`; dropping its transport must
        // neither trap (a debug build's client checks it was shut down) nor keep its connection.
        let service = Counting()
        try await withEmulatorServer(service) { server in
            var transport: HTTPTransport? = Self.transport(Self.quick)
            #expect(try await transport?.send(Self.get(server)).status == 200)
            transport = nil
            try await Task.sleep(for: .milliseconds(200))
            #expect(transport == nil && service.count == 1)
        }
    }

    @Test func aCreateThatCouldNotConnectIsNotAnUnknownOutcome() async throws {
        // A port nothing listens on: the request never left, so retrying it was safe and the
        // final error says the server could not be reached.
        let server = try await EmulatorServer.start(service: Counting())
        let url = server.baseURL
        try await server.shutdown()
        let transport = Self.transport(RetryPolicy(attempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
                                       timeout: .seconds(1))
        let spec = HTTPRequestSpec(method: "POST", url: url + "/users", mutating: true, operation: "POST /users")
        await #expect { try await transport.send(spec) } throws: { error in
            (error as? RosterError).map { !$0.outcomeUnknown && $0.message.contains("cannot reach") } ?? false
        }
        await transport.shutdown()
    }

    @Test func delaysGrowWithJitterUpToTheCapAndHonourRetryAfter() {
        let policy = RetryPolicy(attempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for retry in 1...8 {
            let delay = policy.delay(retry: retry, retryAfter: nil)!
            #expect(delay <= min(.milliseconds(100) * (1 << (retry - 1)), .seconds(1)))
        }
        #expect(policy.delay(retry: 1, retryAfter: .milliseconds(700))! >= .milliseconds(700))
        #expect(policy.delay(retry: 1, retryAfter: .seconds(5)) == nil)
        #expect(RetryPolicy.retryAfter("2") == .seconds(2))
        #expect(RetryPolicy.retryAfter("Thu, 01 Jan 1970 00:00:03 GMT", now: Date(timeIntervalSince1970: 0)) == .seconds(3))
        #expect(RetryPolicy.retryAfter("soon") == nil)
    }

    @Test func aTimedOutReadIsRetriedAndATimedOutCreateIsAnUnknownOutcome() async throws {
        let service = Counting()
        try await withEmulatorServer(service) { server in
            // The first request takes longer than the client waits; the server still handles it.
            server.faults = FaultPlan(latency: .milliseconds(1500), applies: Self.first(1))
            let transport = Self.transport(Self.quick, timeout: .seconds(1))
            let reply = try await transport.send(Self.get(server))
            #expect(reply.status == 200)
            server.faults = FaultPlan(latency: .milliseconds(1500), applies: Self.first(1))
            await #expect { try await transport.send(Self.post(server)) } throws: { error in
                (error as? RosterError)?.outcomeUnknown == true
            }
            await transport.shutdown()
            // The slow create is still handled after the client gave up on it.
            for _ in 0..<100 where service.count("POST") == 0 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(service.count("POST") == 1)  // the slow create: sent once
            #expect(service.count("GET") >= 2)  // the slow read and its retry
        }
    }

    /// Answers every request with a vendor error.
    final class Refusing: EmulatorService {
        let type = "refusing"
        let handled = Mutex(0)
        func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
            handled.withLock { $0 += 1 }
            return .json(#"{"error": "User already exists"}"#, status: 409)
        }
    }

    @Test func vendorErrorsAreNeverRetried() async throws {
        let service = Refusing()
        try await withEmulatorServer(service) { server in
            let policy = Self.quick
            let transport = Self.transport(policy)
            let created = try await transport.send(Self.post(server))
            let read = try await transport.send(Self.get(server))
            await transport.shutdown()
            #expect(created.status == 409 && read.status == 409)
            #expect(service.handled.withLock { $0 } == 2)
            #expect(policy.budget.spent == 0)
        }
    }
}
