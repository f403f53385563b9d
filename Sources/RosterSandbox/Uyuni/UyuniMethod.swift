import XMLRPC

/// One overload of a session-authenticated API method.
struct UyuniMethod: Sendable {
    /// Java parameter types after the session key; Redstone matches them exactly.
    enum Param: Sendable {
        case string, int, boolean, array, structure

        func accepts(_ value: XMLRPCValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.int, .int), (.boolean, .boolean), (.array, .array), (.structure, .struct): true
            default: false
            }
        }

        var javaClass: String {
            switch self {
            case .string: "java.lang.String"
            case .int: "java.lang.Integer"
            case .boolean: "java.lang.Boolean"
            case .array: "java.util.List"
            case .structure: "java.util.Map"
            }
        }
    }

    typealias Handler = @Sendable (inout UyuniCall) throws(UyuniFault) -> XMLRPCValue

    var namespace: String
    var name: String
    var params: [Param]
    /// Carries `@ReadOnly`: read-only users may call it.
    var readOnly: Bool
    /// Changes state; recorded as such in the request log.
    var mutating: Bool
    /// Raises every fault before it changes anything, so it may run on the world in place. A
    /// method without it runs on a copy that is kept only when it succeeds (the copy costs a pass
    /// over every user it changes the list of).
    var checksFirst = false
    var run: Handler

    static func read(_ namespace: String, _ name: String, _ params: [Param], _ run: @escaping Handler) -> UyuniMethod {
        UyuniMethod(namespace: namespace, name: name, params: params, readOnly: true, mutating: false, run: run)
    }

    static func write(_ namespace: String, _ name: String, _ params: [Param], checksFirst: Bool = false,
                      _ run: @escaping Handler) -> UyuniMethod {
        UyuniMethod(namespace: namespace, name: name, params: params, readOnly: false, mutating: true,
                    checksFirst: checksFirst, run: run)
    }
}

/// The table of `user.*` and `systemgroup.*` overloads.
enum UyuniMethods {
    static let all: [UyuniMethod] = UserMethods.table + SystemGroupMethods.table

    static let handlerClasses = [
        "user": "com.redhat.rhn.frontend.xmlrpc.user.UserHandler",
        "systemgroup": "com.redhat.rhn.frontend.xmlrpc.systemgroup.ServerGroupHandler",
        "auth": "com.redhat.rhn.frontend.xmlrpc.auth.AuthHandler",
        "api": "com.redhat.rhn.frontend.xmlrpc.api.ApiHandler",
    ]

    static func overloads(namespace: String, name: String, count: Int) -> [UyuniMethod] {
        all.filter { $0.namespace == namespace && $0.name == name && $0.params.count + 1 == count }
    }

    /// Whether a call to `methodName` changes state. Unknown methods use the old naming
    /// rule (reads start with list, get, is or find), so a stray write is never logged as a read.
    static func isMutating(_ methodName: String) -> Bool {
        let (namespace, name) = split(methodName)
        if namespace == "auth" || namespace == "api" { return false }
        if let method = all.first(where: { $0.namespace == namespace && $0.name == name }) { return method.mutating }
        return !["list", "get", "is", "find"].contains { name.hasPrefix($0) }
    }

    /// Splits at the last dot, as the dispatcher does.
    static func split(_ methodName: String) -> (namespace: String, name: String) {
        guard let dot = methodName.lastIndex(of: ".") else { return ("", methodName) }
        return (String(methodName[..<dot]), String(methodName[methodName.index(after: dot)...]))
    }
}
