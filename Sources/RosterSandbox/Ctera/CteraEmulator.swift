import CteraXML
import Foundation

/// CTERA Portal's management API at `/admin/api` (and the same object model at
/// `/ServicesPortal/api`): form login to a `JSESSIONID` cookie, the session bootstrap, tenant
/// browsing, local and directory users, S3 keys and the apply-changes background task
/// (reference part A). Answers in the shapes the vendor's SDK reads.
public final class CteraEmulator: EmulatorService {
    public let type = "ctera"
    public let log = RequestLog()
    private let store: EmulatorStore<CteraWorld>

    /// The login page the portal redirects to when a request has no valid session.
    public static let loginPage = "/ServicesPortal/login.html"
    static let roots = ["/admin/api", "/ServicesPortal/api"]

    /// Starts from the state file when `statePath` names an existing file, else from `seed`.
    public init(seed: CteraSeed = .default, statePath: String? = nil) throws(SandboxError) {
        store = try EmulatorStore(statePath: statePath, file: CteraStateFile,
                                  seed: { () throws(SandboxError) in try seed.makeState() },
                                  makeWorld: { CteraWorld(state: $0) })
    }

    /// Where the state is kept between processes, if anywhere.
    public var statePath: String? { store.statePath }

    public var state: CteraState { store.state }

    /// Changes the state directly (for tests), then persists it.
    public func modifyState(_ body: (inout CteraState) -> Void) { store.modifyState(body) }

    /// The last failure to write the state file, if any.
    public var persistenceError: String? { store.persistenceError }

    /// Forgets every session, as a portal restart or a 30-minute idle timeout does.
    public func expireSessions() {
        store.withWorld { $0.sessions.removeAll() }
    }

    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let root = Self.roots.first(where: { request.path == $0 || request.path.hasPrefix($0 + "/") }) else {
            log.recordUnrouted(request)
            return CteraWire.error(404, "Resource does not exist")
        }
        let relative = String(request.path.dropFirst(root.count).drop { $0 == "/" })
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false).map { CteraWire.decodePath($0) }
        if segments == ["login"] || segments == ["logout"] {
            log.record(request, operation: segments[0], mutating: false)
            return store.withWorld { segments == ["login"] ? $0.login(request) : $0.logout(request) }
        }
        let call: CteraCall
        do {
            call = try CteraCall(request, segments: segments == [""] ? [] : segments)
        } catch {
            log.record(request, operation: "(malformed request)", mutating: false)
            return CteraWire.error(400, "\(error)")
        }
        log.record(request, operation: call.operation, mutating: call.isMutating)
        return store.perform { world in
            guard let session = world.session(for: request) else { return (.redirect(to: Self.loginPage), false) }
            let response = world.perform(call, session: session)
            return (response, call.isMutating && response.status < 300)
        }
    }
}

/// The state with the sessions that act on it; only touched under the emulator's lock.
struct CteraWorld: EmulatorWorld {
    struct Session {
        var username: String
        var role: String
        /// The browsed team portal; empty for Global Administration.
        var portal: String
    }

    var state: CteraState
    var sessions: [String: Session] = [:]

    func session(for request: EmulatorRequest) -> (id: String, session: Session)? {
        guard let id = CteraWire.cookie("JSESSIONID", in: request), let session = sessions[id] else { return nil }
        return (id, session)
    }

    /// `j_username` / `j_password` as a form; a global administrator with an admin role.
    mutating func login(_ request: EmulatorRequest) -> EmulatorResponse {
        guard request.method == "POST" else { return CteraWire.error(405, "Method not allowed") }
        let form = Dictionary(EmulatorRequest.parseQuery(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
                              uniquingKeysWith: { first, _ in first })
        guard let name = form["j_username"], let password = form["j_password"],
              let global = state.portalIndex(""), let address = state.signIn(portal: global, name: name, password: password),
              CteraState.adminRoles.contains(state[address].role) else {
            return CteraWire.error(403, "Wrong username or password")
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let id = bytes.map { String(format: "%02X", $0) }.joined()
        sessions[id] = Session(username: name, role: state[address].role, portal: "")
        var response = CteraWire.value(.text("Login succeed"))
        response.headers.append((name: "Set-Cookie", value: "JSESSIONID=\(id); Path=/; HttpOnly"))
        return response
    }

    mutating func logout(_ request: EmulatorRequest) -> EmulatorResponse {
        if let (id, _) = session(for: request) { sessions[id] = nil }
        return CteraWire.empty()
    }
}
