import Foundation
import CteraXML

/// Answers in CTERA's XML, and the small decoding jobs of the HTTP layer.
enum CteraWire {
    static let contentType = (name: "Content-Type", value: "text/xml;charset=UTF-8")

    static func value(_ value: CteraValue, status: Int = 200) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [contentType], body: value.xmlBytes())
    }

    static func empty() -> EmulatorResponse { EmulatorResponse(status: 200, headers: [contentType]) }

    /// `<obj class="ErrorMessage"><att id="msg"><val>…</val></att></obj>`: the SDK reads `msg`.
    /// The class name is a guess (reference A.8); only `msg` is relied on.
    static func error(_ status: Int, _ message: String) -> EmulatorResponse {
        value(.object(CteraObject("ErrorMessage", ["msg": .text(message)])), status: status)
    }

    static let notFound = error(404, "Resource does not exist")

    /// A path segment: `%XX` decoded, `+` kept (it is literal in a path).
    static func decodePath(_ segment: Substring) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(segment.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
               let high = EmulatorRequest.hexValue(utf8[i + 1]), let low = EmulatorRequest.hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func cookie(_ name: String, in request: EmulatorRequest) -> String? {
        for header in request.headers where header.name.lowercased() == "cookie" {
            for pair in header.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return String(parts[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

/// One API request: the object path, and for a POST the schema-method envelope
/// (`type` db or user-defined, `name`, `param`); for a PUT the whole value.
struct CteraCall {
    var method: String
    var segments: [String]
    var type: String?
    var name: String?
    var param: CteraValue = .null
    var body: CteraValue = .null

    init(_ request: EmulatorRequest, segments: [String]) throws {
        method = request.method
        self.segments = segments
        guard method == "POST" || method == "PUT" else { return }
        // The SDK sends text/plain, CTERA's guide application/xml: the body is read whatever the type.
        body = try CteraXMLParser.parse(request.body)
        if method == "POST" {
            guard let envelope = body.object, let type = envelope.string("type"), let name = envelope.string("name") else {
                throw CteraXMLError("a POST needs an <obj> with 'type' and 'name'", at: 0)
            }
            self.type = type
            self.name = name
            param = envelope["param"] ?? .null
        }
    }

    var path: String { segments.joined(separator: "/") }

    var operation: String {
        switch method {
        case "POST": "\(type ?? "") \(name ?? "") /\(path)"
        default: "\(method) /\(path)"
        }
    }

    /// Calls that change the portal; browsing a tenant changes only the session.
    var isMutating: Bool {
        switch method {
        case "PUT": segments != ["currentPortal"]
        case "POST": ["add", "delete", "updateAccounts", "createApiKey", "deleteApiKey"].contains(name ?? "")
        default: false
        }
    }
}
