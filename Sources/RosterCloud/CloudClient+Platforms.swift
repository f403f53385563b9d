import Foundation
import RosterCore

/// One platform of the list: its id (what `platform_ids` holds) and its display name.
struct CloudPlatform: Sendable, Hashable {
    var id: String
    var name: String?
}

extension CloudClient {
    /// The platform list at `paths.platforms`, or nil when the server answers 404 (it has none
    /// there). Answered as `[{id, name}]`, or that list under `platforms` or `results`; an id may
    /// be a string or a number. Anything else the server sends is an error, never trusted.
    func listPlatforms() async throws -> [CloudPlatform]? {
        let endpoint = paths.platforms
        let data: Data
        do {
            data = try await request(endpoint.method, endpoint.path)
        } catch let error as CloudAPIError where error.status == 404 {
            return nil
        }
        guard let platforms = Self.platforms(in: data) else {
            throw RosterError(backend: backend, operation: "\(endpoint.method) \(endpoint.path)",
                              message: "the answer is not a list of platforms ({id, name})")
        }
        return platforms
    }

    /// The platforms of an answer body, nil if it is not one of the accepted shapes.
    static func platforms(in data: Data) -> [CloudPlatform]? {
        guard !JSONNesting.tooDeep(data), let json = try? JSONSerialization.jsonObject(with: data) else { return nil }
        var list = json as? [Any]
        if list == nil, let object = json as? [String: Any] {
            list = (object["platforms"] as? [Any]) ?? (object["results"] as? [Any])
        }
        guard let list else { return nil }
        var platforms: [CloudPlatform] = []
        for item in list {
            guard let object = item as? [String: Any], let id = text(object["id"]) else { return nil }
            // Ids and names reach the terminal in plan errors: no control characters, names cut short.
            guard !hasControl(id) else { continue }
            let name = (object["name"] as? String).map {
                String(String.UnicodeScalarView($0.unicodeScalars.filter { !isControl($0) }.prefix(80)))
            }
            platforms.append(CloudPlatform(id: id, name: name))
        }
        return platforms
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
    }

    private static func hasControl(_ text: String) -> Bool { text.unicodeScalars.contains(where: isControl) }

    private static func text(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        return (value as? Int).map(String.init)
    }
}
