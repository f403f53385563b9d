/// A value that must never be shown: every rendering of it is `(sensitive)`.
///
/// Values from `${env:...}` and `${file:...}`, and every password, are secrets. The only way to the
/// text is `reveal()`, which providers call when they build a request body.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, Codable
{
    public static let redacted = "(sensitive)"

    private let storage: String

    public init(_ value: String) { storage = value }

    /// The secret text, for a request body and nothing else.
    /// The value is registered with the redactor first: whatever roster prints or writes after
    /// a secret was revealed (sent) has it replaced.
    public func reveal() -> String {
        Redactor.shared.register(storage)
        return storage
    }

    public var isEmpty: Bool { storage.isEmpty }

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Encodes as `(sensitive)`: a secret cannot reach JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.redacted)
    }

    /// Decoding yields a redacted placeholder, never a real secret.
    public init(from decoder: any Decoder) throws {
        _ = try decoder.singleValueContainer().decode(String.self)
        storage = Self.redacted
    }
}
