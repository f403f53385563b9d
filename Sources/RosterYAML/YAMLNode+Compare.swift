#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension YAMLNode {
    /// Whether two nodes, of the same document or not, hold the same content: the same kinds,
    /// plain or not, tags and scalar texts, and their entries or items alike in order. Where they
    /// sit does not count. Compared in place, without making a string.
    public func sameContent(as other: YAMLNode) -> Bool {
        let a = node, b = other.node
        guard a.isScalar == b.isScalar, a.isMapping == b.isMapping, a.isPlain == b.isPlain,
              a.isTagged == b.isTagged, !a.isTagged || tag == other.tag else { return false }
        if a.isScalar {
            let x = bytes(a), y = other.bytes(b)
            guard x.count == y.count else { return false }
            return x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
        }
        let (first, count) = document.arena.base.block(a.ref)
        let (otherFirst, otherCount) = other.document.arena.base.block(b.ref)
        guard count == otherCount else { return false }
        for k in 0..<count where !YAMLNode(document: document, index: first + k)
            .sameContent(as: YAMLNode(document: other.document, index: otherFirst + k)) {
            return false
        }
        return true
    }
}
