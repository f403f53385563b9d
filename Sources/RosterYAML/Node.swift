#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One node of a document, 12 bytes: its place, its kind, and a reference into the arena.
///
/// The arena holds, at `ref`, a scalar's length (a varint) and text, or a collection's first
/// child and child count (two varints). A collection's children sit together in one block of
/// the node buffer (a mapping's alternate key, value), so a node needs no list of child indices.
/// An alias is a copy of its anchored node, so both share text or children: the document is a
/// DAG. Equal scalars may share one arena record.
struct Node: BitwiseCopyable {
    /// 1-based line.
    var line: UInt32
    /// The 1-based column in the low bits, then the kind, the plain flag and the tagged flag.
    var bits: UInt32
    /// Offset of the node's record in the arena.
    var ref: UInt32

    static let columnMask: UInt32 = (1 << 28) - 1
    static let mappingBit: UInt32 = 1 << 28
    static let sequenceBit: UInt32 = 1 << 29
    static let plainBit: UInt32 = 1 << 30
    static let taggedBit: UInt32 = 1 << 31

    /// Columns past 2^28 (a line longer than 256 MiB) are clamped.
    @inline(__always)
    init(line: Int, column: Int, flags: UInt32, ref: UInt32 = 0) {
        self.line = UInt32(truncatingIfNeeded: min(line, Int(UInt32.max)))
        self.bits = UInt32(truncatingIfNeeded: min(column, Int(Self.columnMask))) | flags
        self.ref = ref
    }

    var column: Int { Int(bits & Self.columnMask) }
    var isScalar: Bool { bits & (Self.mappingBit | Self.sequenceBit) == 0 }
    var isMapping: Bool { bits & Self.mappingBit != 0 }
    var isSequence: Bool { bits & Self.sequenceBit != 0 }
    var isPlain: Bool { bits & Self.plainBit != 0 }
    var isTagged: Bool { bits & Self.taggedBit != 0 }

    /// Identifies a tagged node in the document's tag table. Distinct tagged nodes start at
    /// distinct places, since the tag itself is written there; aliases copy the key.
    var positionKey: UInt64 { UInt64(line) << 32 | UInt64(bits & Self.columnMask) }
}

/// Reading records from an arena base pointer.
extension UnsafeMutablePointer<UInt8> {
    /// A scalar's text.
    @inline(__always)
    func text(_ ref: UInt32) -> (bytes: UnsafePointer<UInt8>, count: Int) {
        let (count, size) = varint(at: Int(ref))
        return (UnsafePointer(self + Int(ref) + size), count)
    }

    /// A collection's block: the first child's index and the number of child nodes.
    @inline(__always)
    func block(_ ref: UInt32) -> (first: Int, count: Int) {
        let (first, size) = varint(at: Int(ref))
        return (first, varint(at: Int(ref) + size).value)
    }

    /// A little-endian base-128 number at `offset`, and its size in bytes.
    @inline(__always)
    func varint(at offset: Int) -> (value: Int, size: Int) {
        var byte = self[offset]
        if byte < 0x80 { return (Int(byte), 1) }
        var value = Int(byte & 0x7F), shift = 7, size = 1
        repeat {
            byte = self[offset + size]
            value |= Int(byte & 0x7F) << shift
            shift += 7
            size += 1
        } while byte >= 0x80
        return (value, size)
    }
}

extension RawBuffer<UInt8> {
    @inline(__always)
    mutating func appendVarint(_ value: Int) {
        var value = UInt(value)
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        append(UInt8(truncatingIfNeeded: value))
    }
}

/// FNV-1a over a key's bytes: short keys, one pass, no setup.
@inline(__always)
func keyHash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for i in 0..<count {
        hash = (hash ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// Compares short texts inline with overlapping word loads; calls `memcmp` for longer ones.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Bool {
    guard aCount == bCount else { return false }
    let count = aCount
    if count >= 8 {
        if count > 16 { return memcmp(a, b, count) == 0 }
        return load(UInt64.self, a, 0) == load(UInt64.self, b, 0)
            && load(UInt64.self, a, count - 8) == load(UInt64.self, b, count - 8)
    }
    if count >= 4 {
        return load(UInt32.self, a, 0) == load(UInt32.self, b, 0)
            && load(UInt32.self, a, count - 4) == load(UInt32.self, b, count - 4)
    }
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}

@inline(__always)
private func load<T: FixedWidthInteger>(_: T.Type, _ pointer: UnsafePointer<UInt8>, _ offset: Int) -> T {
    UnsafeRawPointer(pointer).loadUnaligned(fromByteOffset: offset, as: T.self)
}
