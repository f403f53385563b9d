/// A resource's attributes: a small map kept sorted by name. Cheaper than a dictionary for the
/// handful of attributes a resource has, and its order is the order plans print.
public struct Attributes: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var value: Value
    }

    private var entries: [Entry] = []

    public init() {}

    /// From entries already sorted by distinct names (a stored resource read back).
    init(sorted entries: [Entry]) { self.entries = entries }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    /// From pairs in any order, sorted once; a later pair with the same name wins.
    public init(_ pairs: [(String, Value)]) {
        entries.reserveCapacity(pairs.count)
        for (name, value) in pairs { entries.append(Entry(name: name, value: value)) }
        entries.sort { $0.name < $1.name }
        // Names are nearly always distinct: a second array only when they are not.
        guard entries.indices.dropFirst().contains(where: { entries[$0 - 1].name == entries[$0].name }) else { return }
        var unique: [Entry] = []
        for entry in entries {
            if unique.last?.name == entry.name { unique[unique.count - 1] = entry } else { unique.append(entry) }
        }
        if unique.count != entries.count { entries = unique }
    }

    public subscript(name: String) -> Value? {
        get { index(of: name).found.map { entries[$0].value } }
        set {
            let (position, found) = index(of: name)
            switch (found, newValue) {
            case (let i?, let value?): entries[i].value = value
            case (let i?, nil): entries.remove(at: i)
            case (nil, let value?): entries.insert(Entry(name: name, value: value), at: position)
            case (nil, nil): break
            }
        }
    }

    public var names: [String] { entries.map(\.name) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    private func index(of name: String) -> (position: Int, found: Int?) {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].name < name { low = mid + 1 } else { high = mid }
        }
        return (low, low < entries.count && entries[low].name == name ? low : nil)
    }
}

extension Attributes: Codable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for entry in entries { try c.encode(entry.value, forKey: AnyKey(entry.name)) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        for key in c.allKeys { self[key.stringValue] = try c.decode(Value.self, forKey: key) }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
