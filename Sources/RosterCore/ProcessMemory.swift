#if canImport(Glibc)
import Glibc

/// glibc's `mallopt`, which the Glibc module does not export.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// How the process's allocator is set up for large configs.
public enum ProcessMemory {
    /// Blocks of this size and more are mapped on their own and handed back when freed.
    public static let mapThreshold: Int32 = 256 << 10

    /// Done once per process, by the first config load (before its large allocations).
    /// glibc otherwise raises its threshold for mapped blocks each time one is freed (up to 32 MB),
    /// after which the large arrays of a loaded config (document parts, desired-state columns, a
    /// half joined into the other) come from the heap, and memory they free stays resident:
    /// loading 100,000 people peaked 10–20 MB higher, and differently from run to run. A fixed
    /// threshold keeps every large block mapped, so what is freed is given back at once. No
    /// effect with other C libraries.
    public static func tune() { _ = tuned }

    private static let tuned: Void = {
        #if canImport(Glibc)
        _ = mallopt(-3 /* M_MMAP_THRESHOLD */, mapThreshold)
        #endif
    }()
}
