#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One node of a document, 16 bytes.
///
/// A scalar points at its text in the document's byte arena; a collection points at a block of
/// child nodes (a mapping's block alternates key, value). Every collection's children sit together
/// in one block, so a node needs no list of child indices. An alias is a copy of its anchored
/// node: both point at the same text or block, which makes the document a DAG.
struct Node: BitwiseCopyable {
    /// 1-based line.
    var line: UInt32
    /// The 1-based column in the low bits, then the kind, the plain flag and the tagged flag.
    var bits: UInt32
    /// Scalar: offset of the text in the arena. Collection: index of the first child.
    var start: UInt32
    /// Scalar: bytes of text. Collection: child nodes (twice the entries for a mapping).
    var count: UInt32

    static let columnMask: UInt32 = (1 << 28) - 1
    static let mappingBit: UInt32 = 1 << 28
    static let sequenceBit: UInt32 = 1 << 29
    static let plainBit: UInt32 = 1 << 30
    static let taggedBit: UInt32 = 1 << 31

    /// Columns past 2^28 (a line longer than 256 MiB) are clamped.
    init(line: Int, column: Int, flags: UInt32, start: UInt32 = 0, count: UInt32 = 0) {
        self.line = UInt32(truncatingIfNeeded: min(line, Int(UInt32.max)))
        self.bits = UInt32(truncatingIfNeeded: min(column, Int(Self.columnMask))) | flags
        self.start = start
        self.count = count
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

/// FNV-1a over a key's bytes: short keys, one pass, no setup.
@inline(__always)
func keyHash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for i in 0..<count {
        hash = (hash ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
    }
    return hash
}

@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Bool {
    aCount == bCount && (aCount == 0 || memcmp(a, b, aCount) == 0)
}
