import Synchronization
import Testing
import XMLRPC
@testable import RosterSandbox

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let seconds = Mutex<Double>(1_700_000_000)

    var now: Double { seconds.withLock { $0 } }

    func advance(by delta: Double) {
        seconds.withLock { $0 += delta }
    }

    var function: @Sendable () -> Double { { [self] in now } }
}

/// An in-process Uyuni emulator with a logged-in admin.
struct UyuniHarness {
    let emulator: UyuniEmulator
    let clock: TestClock
    let adminKey: String

    init(seed: UyuniSeed = .default) throws {
        clock = TestClock()
        emulator = try UyuniEmulator(seed: seed, clock: clock.function)
        let key = emulator.perform(XMLRPCMethodCall(methodName: "auth.login", params: ["admin", "sandbox-admin"]))
        guard case .success(.string(let text)) = key else { throw HarnessError(message: "admin login failed: \(key)") }
        adminKey = text
    }

    func call(_ method: String, _ params: XMLRPCValue...) -> XMLRPCResponse {
        emulator.perform(XMLRPCMethodCall(methodName: method, params: params))
    }

    /// A call with the admin's session key first.
    func admin(_ method: String, _ params: XMLRPCValue...) -> XMLRPCResponse {
        emulator.perform(XMLRPCMethodCall(methodName: method, params: [.string(adminKey)] + params))
    }

    func login(_ login: String, _ password: String) throws -> String {
        let response = call("auth.login", .string(login), .string(password))
        guard case .success(.string(let key)) = response else { throw HarnessError(message: "login failed: \(response)") }
        return key
    }

    /// Creates a user as admin and optionally grants roles.
    func createUser(_ login: String, password: String = "password1", roles: [String] = []) throws {
        let created = admin("user.create", .string(login), .string(password), "First", "Last", .string("\(login)@example.com"))
        guard created == .success(1) else { throw HarnessError(message: "create \(login): \(created)") }
        for role in roles {
            let added = admin("user.addRole", .string(login), .string(role))
            guard added == .success(1) else { throw HarnessError(message: "addRole \(role): \(added)") }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `redstone.xmlrpc.XmlRpcFault: ` + text.
func handlerFault(_ code: Int, _ text: String) -> XMLRPCResponse {
    .fault(code: code, string: "redstone.xmlrpc.XmlRpcFault: " + text)
}

func internalFault(_ text: String) -> XMLRPCResponse {
    handlerFault(-1, "unhandled internal exception: " + text)
}

extension XMLRPCResponse {
    var value: XMLRPCValue? {
        if case .success(let value) = self { return value }
        return nil
    }

    var faultCode: Int? {
        if case .fault(let code, _) = self { return code }
        return nil
    }

    var faultString: String? {
        if case .fault(_, let string) = self { return string }
        return nil
    }
}
