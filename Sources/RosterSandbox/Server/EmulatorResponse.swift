/// What an emulator answers. The server adds `Content-Length` and `Connection`.
public struct EmulatorResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// HTTP 200 `text/xml`, as Uyuni's XML-RPC servlet answers results and faults alike.
    public static func xml(_ body: [UInt8], status: Int = 200) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [(name: "Content-Type", value: "text/xml")], body: body)
    }

    public static func json(_ body: [UInt8], status: Int = 200) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [(name: "Content-Type", value: "application/json")], body: body)
    }

    public static func json(_ text: String, status: Int = 200) -> EmulatorResponse {
        json(Array(text.utf8), status: status)
    }

    public static func text(_ text: String, status: Int = 200) -> EmulatorResponse {
        EmulatorResponse(
            status: status, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// A 302 to `location` with an empty body.
    public static func redirect(to location: String) -> EmulatorResponse {
        EmulatorResponse(status: 302, headers: [(name: "Location", value: location)])
    }

    public static let notFound = EmulatorResponse.text("Not Found\n", status: 404)
}

/// A vendor emulator behind an `EmulatorServer`.
public protocol EmulatorService: Sendable {
    /// The backend type it emulates, e.g. `"uyuni"`.
    var type: String { get }
    func handle(_ request: EmulatorRequest) async -> EmulatorResponse
}
