/// An XML-RPC struct: named members in the order they were added or received.
///
/// Setting a name that exists replaces its value in place; setting `nil` removes it.
/// Two structs are equal when they hold the same names with equal values, in any order
/// (XML-RPC structs are maps; servers such as Uyuni emit Java HashMaps in arbitrary order).
/// `layout` only affects the Redstone server encoding and takes no part in equality.
public struct XMLRPCStruct: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    public typealias Member = (name: String, value: XMLRPCValue)

    /// How `XMLRPCResponse.encodedRedstone()` lays the struct out.
    public enum Layout: Sendable, Hashable {
        /// A plain map: members back to back.
        case map
        /// Uyuni's `SerializerHelper`: a newline after each `</member>` and after `</struct>`.
        case serializer
    }

    public var members: [Member]
    public var layout: Layout

    public init() {
        self.members = []
        self.layout = .map
    }

    public init(_ members: [Member], layout: Layout = .map) {
        self.members = []
        self.layout = layout
        for member in members { self[member.name] = member.value }
    }

    public init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }

    public subscript(name: String) -> XMLRPCValue? {
        get { members.first { $0.name == name }?.value }
        set {
            let index = members.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((name: name, value: value))
            case (nil, nil): break
            }
        }
    }

    public var names: [String] { members.map(\.name) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public static func == (lhs: XMLRPCStruct, rhs: XMLRPCStruct) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        return lhs.members.allSatisfy { member in rhs[member.name] == member.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: a commutative sum of the members' hashes.
        var sum = 0
        for member in members {
            var inner = Hasher()
            inner.combine(member.name)
            inner.combine(member.value)
            sum = sum &+ inner.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}
