import RosterCore
import RosterJSON

/// A JSON value as it crosses the pipe. Unlike `Value`'s own Codable form, a secret goes out as its
/// text: the program needs the password it sets. Nothing else in roster sees a `WireValue`.
public typealias WireValue = JSONValue

extension WireValue {
    /// The wire form of an attribute value; secrets are revealed and collected in `secrets`,
    /// so that anything the program echoes back can be scrubbed of them.
    init(_ value: RosterCore.Value, secrets: inout Set<String>) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .list(let items): self = .array(items.map { WireValue($0, secrets: &secrets) })
        case .secret(let secret):
            secrets.insert(secret.reveal())
            self = .string(secret.reveal())
        }
    }

    init(_ attributes: Attributes, secrets: inout Set<String>) {
        var object: [String: WireValue] = [:]
        for entry in attributes { object[entry.name] = WireValue(entry.value, secrets: &secrets) }
        self = .object(object)
    }

    /// An attribute value read back; a sensitive attribute's text becomes a `Secret`.
    func value(sensitive: Bool) -> RosterCore.Value? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return sensitive ? .secret(Secret(s)) : .string(s)
        case .array(let items):
            var out: [RosterCore.Value] = []
            for item in items {
                guard let value = item.value(sensitive: sensitive) else { return nil }
                out.append(value)
            }
            return .list(out)
        case .double, .object: return nil
        }
    }
}
