import Foundation
import XMLRPC

/// Uyuni's XML-RPC API at `/rpc/api`: users, roles, system groups and sessions, with the
/// server's check order, fault codes, fault texts and byte layout (reference §1).
public final class UyuniEmulator: EmulatorService {
    public let type = "uyuni"
    public let log = RequestLog()
    /// The server sleeps before answering a failed login; the emulator by default does not.
    public let loginFailureDelay: Duration
    private let store: EmulatorStore<UyuniWorld>
    private let clock: @Sendable () -> Double

    public static let systemClock = EmulatorClock.system

    /// Starts from the state file when `statePath` names an existing file, else from `seed`.
    /// `clock` gives unix seconds; tests pass their own to expire sessions.
    public init(
        seed: UyuniSeed = .default, statePath: String? = nil, loginFailureDelay: Duration = .zero,
        clock: @escaping @Sendable () -> Double = UyuniEmulator.systemClock
    ) throws(SandboxError) {
        store = try EmulatorStore(statePath: statePath, file: UyuniStateFile,
                                  seed: { () throws(SandboxError) in try seed.makeState(now: clock()) },
                                  makeWorld: { UyuniWorld(state: $0) })
        self.loginFailureDelay = loginFailureDelay
        self.clock = clock
    }

    /// Where the state is kept between processes, if anywhere.
    public var statePath: String? { store.statePath }

    /// A snapshot of the current state.
    public var state: UyuniState { store.state }

    /// Changes the state directly (for tests), then persists it like a mutating call.
    public func modifyState(_ body: (inout UyuniState) -> Void) { store.modifyState(body) }

    /// The last failure to write the state file, if any.
    public var persistenceError: String? { store.persistenceError }

    /// Runs one call in process, without HTTP and without logging.
    public func perform(_ call: XMLRPCMethodCall) -> XMLRPCResponse {
        let now = clock()
        return store.perform { world in
            let response = UyuniDispatcher.perform(call, world: &world, now: now)
            if case .success = response { return (response, UyuniMethods.isMutating(call.methodName)) }
            return (response, false)
        }
    }

    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard request.path == "/rpc/api" else {
            log.recordUnrouted(request)
            return .notFound
        }
        if request.method == "GET" || (request.method == "POST" && request.header("SOAPAction") != nil) {
            log.record(request, operation: "redirect", mutating: false)
            return .redirect(to: "/rhn/apidoc/index.jsp")
        }
        guard request.method == "POST" else {
            log.recordUnrouted(request)
            return .text("Method Not Allowed\n", status: 405)
        }
        let call: XMLRPCMethodCall
        do {
            call = try XMLRPCMethodCall.decode(request.body)
        } catch {
            log.record(request, operation: "(malformed request)", mutating: false)
            // Redstone's own parse-failure text was not retrieved; this wording is ours.
            let fault = XMLRPCResponse.fault(code: -1, string: "redstone.xmlrpc.XmlRpcException: The request could not be parsed: \(error)")
            return .xml(fault.encodedRedstone())
        }
        log.record(request, operation: call.methodName, mutating: UyuniMethods.isMutating(call.methodName))
        let response = perform(call)
        if case .fault(2950, _) = response, loginFailureDelay > .zero {
            try? await Task.sleep(for: loginFailureDelay)
        }
        return .xml(response.encodedRedstone())
    }
}
