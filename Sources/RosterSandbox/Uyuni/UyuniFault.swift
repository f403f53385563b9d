import XMLRPC

/// A fault as Uyuni sends it. Handler faults carry the `redstone.xmlrpc.XmlRpcFault: `
/// prefix; exceptions raised before the handler runs (session, read-only, argument
/// translation) carry their own Java class name instead (reference §1.2, §1.4).
struct UyuniFault: Error, Sendable, Equatable {
    var code: Int
    var string: String

    var response: XMLRPCResponse { .fault(code: code, string: string) }

    static let redstonePrefix = "redstone.xmlrpc.XmlRpcFault: "

    /// A FaultException thrown by a handler.
    static func handler(_ code: Int, _ message: String) -> UyuniFault {
        UyuniFault(code: code, string: redstonePrefix + message)
    }

    /// Any other exception inside a handler.
    static func internalError(_ message: String) -> UyuniFault {
        handler(-1, "unhandled internal exception: " + message)
    }

    /// An exception raised before the handler, shown with its class name.
    static func raw(_ javaClass: String, _ message: String) -> UyuniFault {
        UyuniFault(code: -1, string: "\(javaClass): \(message)")
    }

    static let noSuchUser = handler(-213, "No such user")
    static let permissionDenied = handler(-23, "You do not have permissions to perform this action.")

    static func missingRole(_ role: String) -> UyuniFault {
        handler(-23, "You do not have permissions to perform this action. You need to have at least a "
            + "\(UyuniRoles.displayName(role)) role to perform this action")
    }

    static func noSuchRole(_ role: String, assignable: [String]) -> UyuniFault {
        handler(-2005, "Role with the label [\(role)] cannot be assigned/revoked from the user. "
            + "Possible Roles assignable/revokable by this user \(javaList(assignable))")
    }

    static func invalidArguments(_ keys: [String]) -> UyuniFault {
        handler(2801, "Invalid argument(s): " + keys.joined(separator: ", "))
    }

    static let invalidServerGroup = handler(2200, "Invalid server group")

    static func lookupServerGroup(_ name: String) -> UyuniFault {
        handler(2201, "Unable to locate or access server group: \"\(name)\"")
    }

    static let noGroupNames = internalError("no servergroup names supplied")

    static func couldNotFindUser(_ login: String) -> UyuniFault {
        internalError("Could not find user \(login)")
    }

    static func sessionNotFound(_ id: String) -> UyuniFault {
        raw("com.redhat.rhn.common.hibernate.LookupException", "Could not find session with id: \(id)")
    }

    static func invalidSession(_ id: Int) -> UyuniFault {
        raw("com.redhat.rhn.domain.session.InvalidSessionIdException", "Session id: \(id) is not valid.")
    }

    static func translation(from value: XMLRPCValue, to javaClass: String) -> UyuniFault {
        raw("com.redhat.rhn.common.translation.TranslationException",
            "Could not find translator for class \(javaClassName(of: value)) to class \(javaClass)")
    }

    static func classCast(_ value: XMLRPCValue, to javaClass: String) -> UyuniFault {
        let from = javaClassName(of: value)
        return internalError("class \(from) cannot be cast to class \(javaClass) (\(from) and \(javaClass) "
            + "are in module java.base of loader 'bootstrap')")
    }

    /// `[a, b]`, as Java's `Collection.toString()` writes it.
    static func javaList(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// The Java class Redstone makes of an XML-RPC value.
    static func javaClassName(of value: XMLRPCValue) -> String {
        switch value {
        case .int: "java.lang.Integer"
        case .boolean: "java.lang.Boolean"
        case .string: "java.lang.String"
        case .double: "java.lang.Double"
        case .dateTime: "java.util.Date"
        case .base64: "[B"
        case .array: "java.util.ArrayList"
        case .struct: "java.util.HashMap"
        case .nil: "null"
        }
    }
}
