import XMLRPC

/// `auth.*` and the unauthenticated `api.*` helpers.
enum UyuniAuth {
    static let apiVersion = "27"
    static let systemVersion = "2024.10"

    static func perform(_ name: String, _ params: [XMLRPCValue], world: inout UyuniWorld, now: Double) throws(UyuniFault) -> XMLRPCValue {
        switch (name, params.count) {
        case ("login", 2), ("login", 3):
            return try login(params, world: &world, now: now)
        case ("logout", 1):
            guard case .string(let key) = params[0] else {
                throw .translation(from: params[0], to: "java.lang.String")
            }
            guard world.sessions.remove(key: key) else {
                let id = key.split(separator: "x", maxSplits: 1).first.map(String.init) ?? key
                throw .internalError("Could not find session with id: \(id)")
            }
            return 1
        default:
            throw notFound("auth", name, params)
        }
    }

    static func login(_ params: [XMLRPCValue], world: inout UyuniWorld, now: Double) throws(UyuniFault) -> XMLRPCValue {
        let expected: [UyuniMethod.Param] = params.count == 3 ? [.string, .string, .int] : [.string, .string]
        for (param, value) in zip(expected, params) where !param.accepts(value) {
            throw .translation(from: value, to: param.javaClass)
        }
        let lifetime = world.state.sessionLifetime
        let index = try world.state.signIn(login: params[0].string!, password: params[1].string!)
        let duration = params.count == 3 ? params[2].int! : lifetime
        guard duration <= lifetime else {
            throw .internalError("The session duration cannot exceed the maximum duration allowed by the database "
                + "(currently \(lifetime))")
        }
        world.state.users[index].lastLogin = now
        return .string(world.sessions.create(userId: world.state.users[index].id, now: now, duration: duration))
    }

    static func api(_ name: String, _ params: [XMLRPCValue]) throws(UyuniFault) -> XMLRPCValue {
        switch (name, params.count) {
        case ("getVersion", 0): .string(apiVersion)
        case ("systemVersion", 0): .string(systemVersion)
        default: throw notFound("api", name, params)
        }
    }

    static func notFound(_ namespace: String, _ name: String, _ params: [XMLRPCValue]) -> UyuniFault {
        .handler(-1, "Could not find method: \(name) in class: \(UyuniMethods.handlerClasses[namespace] ?? namespace) "
            + "with params: \(UyuniFault.javaList(params.map(UyuniFault.javaClassName(of:))))")
    }
}
