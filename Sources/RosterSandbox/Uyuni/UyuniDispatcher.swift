import XMLRPC

/// Runs one XML-RPC call against the world, in the server's check order:
/// namespace, session key, method by name and argument count, argument types,
/// read-only access, then the handler. A fault leaves the world as it was, except
/// that a valid session's expiry has slid forward.
enum UyuniDispatcher {
    static func perform(_ call: XMLRPCMethodCall, world: inout UyuniWorld, now: Double) -> XMLRPCResponse {
        do throws(UyuniFault) {
            return .success(try dispatch(call, world: &world, now: now))
        } catch {
            return error.response
        }
    }

    static func dispatch(_ call: XMLRPCMethodCall, world: inout UyuniWorld, now: Double) throws(UyuniFault) -> XMLRPCValue {
        let (namespace, name) = UyuniMethods.split(call.methodName)
        switch namespace {
        case "auth": return try UyuniAuth.perform(name, call.params, world: &world, now: now)
        case "api": return try UyuniAuth.api(name, call.params)
        case "user", "systemgroup": break
        default:
            // Redstone's "handler not found" text was not retrieved; this wording is ours.
            throw .handler(-1, "Could not find handler: \(namespace)")
        }
        var callerId: Int?
        if case .string(let key) = call.params.first, UyuniSessions.isKeyShaped(key) {
            callerId = try world.sessions.resolve(key, now: now, lifetime: world.state.sessionLifetime)
        }
        let method = try findMethod(call, namespace: namespace, name: name, authenticated: callerId != nil)
        guard let callerId, world.state.userIndex(id: callerId) != nil else {
            let first = call.params.first ?? .nil
            throw .translation(from: first, to: "com.redhat.rhn.domain.user.User")
        }
        let caller = world.state.users[world.state.userIndex(id: callerId)!]
        if caller.readOnly && !method.readOnly {
            // Whether the text names the method with its namespace is not verified.
            throw .raw("java.lang.SecurityException", "The \(call.methodName) API is not available to read-only API users")
        }
        var context = UyuniCall(world: method.checksFirst ? UyuniWorld(state: .placeholder) : world,
                                callerId: callerId, args: Array(call.params.dropFirst()), now: now)
        if method.checksFirst {
            // In place: the world moves into the call and back, so nothing is copied.
            swap(&context.world, &world)
            defer { swap(&context.world, &world) }
            return try method.run(&context)
        }
        let result = try method.run(&context)
        world = context.world
        return result
    }

    /// The overload with this name and argument count whose types match exactly.
    static func findMethod(
        _ call: XMLRPCMethodCall, namespace: String, name: String, authenticated: Bool
    ) throws(UyuniFault) -> UyuniMethod {
        let candidates = UyuniMethods.overloads(namespace: namespace, name: name, count: call.params.count)
        let args = call.params.dropFirst()
        guard !candidates.isEmpty else {
            var classes = call.params.map(UyuniFault.javaClassName(of:))
            if authenticated { classes[0] = "com.redhat.rhn.domain.user.legacy.UserImpl" }
            let handlerClass = UyuniMethods.handlerClasses[namespace] ?? namespace
            throw .handler(-1, "Could not find method: \(name) in class: \(handlerClass) with params: "
                + UyuniFault.javaList(classes))
        }
        if let exact = candidates.first(where: { method in zip(method.params, args).allSatisfy { $0.accepts($1) } }) {
            return exact
        }
        let method = candidates[0]
        for (param, value) in zip(method.params, args) where !param.accepts(value) {
            throw .translation(from: value, to: param.javaClass)
        }
        return method
    }
}
