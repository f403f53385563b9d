#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of trivial values in one `malloc` block.
///
/// Growth goes through `realloc`, which the C library serves for large blocks by remapping pages
/// instead of copying them, so building a large document never holds two copies of a buffer.
/// Reserved but untouched capacity costs address space, not resident memory.
struct RawBuffer<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        let capacity = max(capacity, 16)
        self.capacity = capacity
        self.base = Self.reallocate(nil, capacity)
    }

    deinit {
        free(base)
    }

    subscript(position: Int) -> Element {
        get { base[position] }
        set { base[position] = newValue }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = element
        count &+= 1
    }

    @inline(__always)
    mutating func append(contentsOf source: UnsafePointer<Element>, count extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
        let bytes = extra * MemoryLayout<Element>.stride
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(base + count)
        if bytes >= 8 && bytes <= 16 {
            // Two overlapping word copies beat a call for the short texts most scalars are.
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: bytes - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: bytes - 8, as: UInt64.self)
        } else {
            to.copyMemory(from: from, byteCount: bytes)
        }
        count += extra
    }

    /// Appends `extra` copies of `value`.
    mutating func append(repeating value: Element, count extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
        (base + count).initialize(repeating: value, count: extra)
        count += extra
    }

    /// Drops the elements from `newCount` on.
    mutating func truncate(to newCount: Int) {
        count = newCount
    }

    /// Gives back the unused capacity.
    mutating func shrinkToFit() {
        let wanted = max(count, 1)
        guard wanted < capacity else { return }
        base = Self.reallocate(base, wanted)
        capacity = wanted
    }

    private mutating func grow(toAtLeast minimum: Int) {
        var newCapacity = capacity
        while newCapacity < minimum { newCapacity *= 2 }
        base = Self.reallocate(base, newCapacity)
        capacity = newCapacity
    }

    private static func reallocate(_ pointer: UnsafeMutablePointer<Element>?, _ count: Int) -> UnsafeMutablePointer<Element> {
        let bytes = count * MemoryLayout<Element>.stride
        guard let raw = realloc(pointer, bytes) else { fatalError("out of memory growing a buffer to \(bytes) bytes") }
        return raw.bindMemory(to: Element.self, capacity: count)
    }
}

/// The buffers are written only while a document is built, then read from any thread.
extension RawBuffer: @unchecked Sendable {}
