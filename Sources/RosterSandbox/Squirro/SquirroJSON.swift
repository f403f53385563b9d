import Foundation
import RosterJSON

/// Squirro's answers and request bodies are plain JSON.
public typealias SquirroJSON = JSONValue

extension EmulatorResponse {
    /// A Squirro answer: JSON with the exact status the SDK expects.
    static func squirro(_ body: SquirroJSON, status: Int = 200) -> EmulatorResponse {
        .json(body.encoded, status: status)
    }

    /// 204 with an empty body: the SDK reads an empty body as `{}`.
    static let squirroNoContent = EmulatorResponse(
        status: 204, headers: [(name: "Content-Type", value: "application/json")])

    /// Squirro's error body: an object whose `error` the SDK reads (a list would crash it).
    static func squirroError(_ status: Int, _ message: String) -> EmulatorResponse {
        .squirro(["error": .string(message), "msg": .string(message), "code": .int(status)], status: status)
    }
}

/// Decodes an `application/x-www-form-urlencoded` body.
func squirroForm(_ body: [UInt8]) -> [String: String] {
    var fields: [String: String] = [:]
    for (name, value) in EmulatorRequest.parseQuery(String(decoding: body, as: UTF8.self)) where fields[name] == nil {
        fields[name] = value
    }
    return fields
}

/// Lets the Squirro handlers pass a refusal up through `Result` (`.failure(.squirroError(404, ...))`).
extension EmulatorResponse: Error {}
