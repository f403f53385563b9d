import Foundation
import Synchronization
import XMLRPC

/// Uyuni's XML-RPC API at `/rpc/api`: users, roles, system groups and sessions, with the
/// server's check order, fault codes, fault texts and byte layout (reference §1).
public final class UyuniEmulator: EmulatorService {
    public let type = "uyuni"
    public let log = RequestLog()
    /// Where the state is kept between processes, if anywhere.
    public let statePath: String?
    /// The server sleeps before answering a failed login; the emulator by default does not.
    public let loginFailureDelay: Duration
    private let world: Mutex<UyuniWorld>
    private let clock: @Sendable () -> Double
    private let persistenceFailure = Mutex<String?>(nil)

    public static let systemClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// Starts from the state file when `statePath` names an existing file, else from `seed`.
    /// `clock` gives unix seconds; tests pass their own to expire sessions.
    public init(
        seed: UyuniSeed = .default, statePath: String? = nil, loginFailureDelay: Duration = .zero,
        clock: @escaping @Sendable () -> Double = UyuniEmulator.systemClock
    ) throws(SandboxError) {
        let state: UyuniState
        if let statePath, UyuniStateFile.exists(statePath) {
            state = try UyuniStateFile.load(statePath)
        } else {
            state = try seed.makeState(now: clock())
        }
        self.statePath = statePath
        self.loginFailureDelay = loginFailureDelay
        self.clock = clock
        self.world = Mutex(UyuniWorld(state: state))
    }

    /// A snapshot of the current state.
    public var state: UyuniState {
        world.withLock { $0.state }
    }

    /// Changes the state directly (for tests), then persists it like a mutating call.
    public func modifyState(_ body: (inout UyuniState) -> Void) {
        world.withLock { world in
            body(&world.state)
            persist(world.state)
        }
    }

    /// The last failure to write the state file, if any.
    public var persistenceError: String? {
        persistenceFailure.withLock { $0 }
    }

    /// Runs one call in process, without HTTP and without logging.
    public func perform(_ call: XMLRPCMethodCall) -> XMLRPCResponse {
        let now = clock()
        return world.withLock { world in
            let response = UyuniDispatcher.perform(call, world: &world, now: now)
            if case .success = response, UyuniMethods.isMutating(call.methodName) {
                persist(world.state)
            }
            return response
        }
    }

    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard request.path == "/rpc/api" else {
            log.record(.init(method: request.method, path: request.path, operation: "\(request.method) \(request.path)", mutating: false))
            return .notFound
        }
        if request.method == "GET" || (request.method == "POST" && request.header("SOAPAction") != nil) {
            log.record(.init(method: request.method, path: request.path, operation: "redirect", mutating: false))
            return .redirect(to: "/rhn/apidoc/index.jsp")
        }
        guard request.method == "POST" else {
            log.record(.init(method: request.method, path: request.path, operation: "\(request.method) \(request.path)", mutating: false))
            return .text("Method Not Allowed\n", status: 405)
        }
        let call: XMLRPCMethodCall
        do {
            call = try XMLRPCMethodCall.decode(request.body)
        } catch {
            log.record(.init(method: request.method, path: request.path, operation: "(malformed request)", mutating: false))
            // Redstone's own parse-failure text was not retrieved; this wording is ours.
            let fault = XMLRPCResponse.fault(code: -1, string: "redstone.xmlrpc.XmlRpcException: The request could not be parsed: \(error)")
            return .xml(fault.encodedRedstone())
        }
        log.record(.init(method: request.method, path: request.path, operation: call.methodName,
                         mutating: UyuniMethods.isMutating(call.methodName)))
        let response = perform(call)
        if case .fault(2950, _) = response, loginFailureDelay > .zero {
            try? await Task.sleep(for: loginFailureDelay)
        }
        return .xml(response.encodedRedstone())
    }

    private func persist(_ state: UyuniState) {
        guard let statePath else { return }
        do {
            try UyuniStateFile.save(state, to: statePath)
            persistenceFailure.withLock { $0 = nil }
        } catch {
            let message = "cannot write the Uyuni state file '\(statePath)': \(error)"
            persistenceFailure.withLock { $0 = message }
            FileHandle.standardError.write(Data("roster sandbox: \(message)\n".utf8))
        }
    }
}
