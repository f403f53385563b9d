import Foundation
import RosterCore
import RosterJSON

extension FuzzInput {
    /// A page of users as the cloud client decodes one.
    struct Page: Decodable {
        struct Item: Decodable {
            var id: String?
            var email: String?
            var roles: [String]?
            var active: Bool?
        }
        var items: [Item]
    }

    /// The bytes are a JSON answer, read the ways the clients read them: `JSONValue` (Squirro,
    /// provider programs), a `Decodable` page (the cloud client) and `JSONSerialization` (the
    /// cloud client's error answers). Whatever `JSONValue` reads must encode to JSON that reads
    /// again to the same encoding.
    public static func json(_ bytes: [UInt8]) {
        if let value = JSONValue.parse(bytes) {
            let encoded = value.encoded
            guard let again = JSONValue.parse(encoded) else {
                fatalError("a parsed value does not parse once encoded: \(String(decoding: encoded, as: UTF8.self))")
            }
            precondition(again.encoded == encoded, "a value's encoding is not stable")
        }
        // As the clients do: nothing nested past `JSONNesting.limit` reaches Foundation's reader.
        let body = Data(bytes)
        guard !JSONNesting.tooDeep(body) else { return }
        _ = try? JSONNesting.decode(Page.self, from: body)
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], let detail = object["detail"] {
            _ = try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys, .fragmentsAllowed])
        }
    }
}
