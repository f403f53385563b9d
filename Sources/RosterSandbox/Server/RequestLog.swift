import Synchronization

/// Every request an emulator received, named the way the vendor names its operations,
/// so tests can assert for instance that a dry run sent only reads.
public final class RequestLog: Sendable {
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        public var method: String
        public var path: String
        /// The vendor-level operation: for Uyuni the XML-RPC method name.
        public var operation: String
        /// Whether the operation changes state (whatever its outcome).
        public var mutating: Bool

        public init(method: String, path: String, operation: String, mutating: Bool) {
            self.method = method
            self.path = path
            self.operation = operation
            self.mutating = mutating
        }

        public var description: String {
            "\(method) \(path) \(operation)\(mutating ? " (mutating)" : "")"
        }
    }

    private let storage = Mutex<[Entry]>([])

    public init() {}

    public func record(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }

    public var entries: [Entry] {
        storage.withLock { $0 }
    }

    /// The entries that changed (or tried to change) state.
    public var mutations: [Entry] {
        entries.filter(\.mutating)
    }

    public var operations: [String] {
        entries.map(\.operation)
    }

    public func reset() {
        storage.withLock { $0.removeAll() }
    }
}
