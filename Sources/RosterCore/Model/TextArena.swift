#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A span of UTF-8 bytes in a `TextArena`.
struct TextRef: Sendable, Hashable {
    var offset: UInt32
    var count: UInt32

    static let empty = TextRef(offset: 0, count: 0)
    /// Marks a missing text (an object without owner) where a ref is stored inline.
    static let none = TextRef(offset: .max, count: 0)

    var isNone: Bool { offset == .max }

    /// The ref moved by `delta` bytes, for texts copied in bulk from another arena.
    func shifted(by delta: UInt32) -> TextRef {
        count == 0 ? self : TextRef(offset: offset + delta, count: count)
    }

    /// Packed into one word, for an attribute cell.
    var packed: UInt64 { UInt64(offset) << 32 | UInt64(count) }
    init(packed: UInt64) { self.init(offset: UInt32(truncatingIfNeeded: packed >> 32), count: UInt32(truncatingIfNeeded: packed)) }
    init(offset: UInt32, count: UInt32) {
        self.offset = offset
        self.count = count
    }
}

/// All the texts of a table in one byte array. Short texts that come again soon (role and group
/// names, a login used in several keys) are found in a small cache of recent texts and stored once.
struct TextArena: Sendable {
    private(set) var bytes: [UInt8] = []
    /// Recent short texts by hash; `TextRef.none` marks an empty slot.
    private var recent: [TextRef] = []
    /// The hash of each recent text, so that a miss costs no read of the arena.
    private var recentHashes: [UInt32] = []
    private static let recentSlots = 4096
    private static let recentMaxLength = 64

    var isEmpty: Bool { bytes.isEmpty }

    mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

    var storageBytes: Int {
        bytes.capacity + recent.capacity * MemoryLayout<TextRef>.stride + recentHashes.capacity * 4
    }

    mutating func store(_ text: String) -> TextRef {
        var text = text
        return text.withUTF8 { store(UnsafeRawBufferPointer($0)) }
    }

    mutating func store(_ text: UnsafeRawBufferPointer) -> TextRef {
        store(text, hash: text.count <= Self.recentMaxLength ? KeyHash.bytes(text, 0) : 0)
    }

    /// Stores `text`, whose `KeyHash.bytes(text, 0)` the caller computed already (any value when
    /// the text is longer than the cache takes).
    mutating func store(_ text: UnsafeRawBufferPointer, hash fullHash: UInt64) -> TextRef {
        if text.isEmpty { return .empty }
        guard text.count <= Self.recentMaxLength else { return append(text) }
        if recent.isEmpty {
            recent = Array(repeating: .none, count: Self.recentSlots)
            recentHashes = Array(repeating: 0, count: Self.recentSlots)
        }
        let hash = UInt32(truncatingIfNeeded: fullHash)
        let slot = Int(hash >> 20) & (Self.recentSlots - 1)
        let cached = recent[slot]
        if recentHashes[slot] == hash, !cached.isNone, matches(cached, text) { return cached }
        let ref = append(text)
        recent[slot] = ref
        recentHashes[slot] = hash
        return ref
    }

    private mutating func append(_ text: UnsafeRawBufferPointer) -> TextRef {
        precondition(bytes.count + text.count < Int(UInt32.max), "a desired state holds at most 4 GB of text")
        let ref = TextRef(offset: UInt32(bytes.count), count: UInt32(text.count))
        bytes.append(contentsOf: text)
        return ref
    }

    /// Appends another arena's bytes; its refs are valid here shifted by the returned offset.
    mutating func absorb(_ other: TextArena) -> UInt32 {
        precondition(bytes.count + other.bytes.count < Int(UInt32.max), "a desired state holds at most 4 GB of text")
        let offset = UInt32(bytes.count)
        bytes.append(contentsOf: other.bytes)
        return offset
    }

    func string(_ ref: TextRef) -> String {
        if ref.count == 0 { return "" }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(ref.offset)..<Int(ref.offset + ref.count)]), as: UTF8.self)
        }
    }

    func withBytes<R>(_ ref: TextRef, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(ref.offset)..<Int(ref.offset + ref.count)])) }
    }

    func matches(_ ref: TextRef, _ text: UnsafeRawBufferPointer) -> Bool {
        guard Int(ref.count) == text.count else { return false }
        if text.isEmpty { return true }
        return withBytes(ref) { memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }
    }

    func matches(_ a: TextRef, _ b: TextRef) -> Bool {
        if a == b { return true }
        guard a.count == b.count else { return false }
        return withBytes(b) { matches(a, $0) }
    }
}

/// A fast non-cryptographic hash of UTF-8 bytes (the multiply-fold mix of wyhash), seeded at random
/// per process: a config is operator input, so colliding keys must not be precomputable.
enum KeyHash {
    static let seed = UInt64.random(in: .min ... .max) | 1
    private static let p0: UInt64 = 0xa076_1d64_78bd_642f
    private static let p1: UInt64 = 0xe703_7ed1_a0b4_28db

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// Hashes `text` on from `state`; the length goes in too, so that a sequence of texts hashed one
    /// after the other keeps its boundaries (`["ab"]` and `["a", "b"]` differ).
    static func bytes(_ text: UnsafeRawBufferPointer, _ state: UInt64) -> UInt64 {
        var h = state ^ seed
        var i = 0
        let n = text.count
        while i + 8 <= n {
            h = mix(h ^ text.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ p0, p1)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(text[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail ^ p1, UInt64(n) ^ p0)
    }

    /// Folds a part's hash into a key's: the order and number of parts count.
    @inline(__always) static func combine(_ state: UInt64, _ part: UInt64) -> UInt64 {
        mix(state ^ part ^ p0, p1 ^ 0x9e37_79b9_7f4a_7c15)
    }

    static func string(_ text: String, _ state: UInt64) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes(UnsafeRawBufferPointer($0), state) }
    }
}
