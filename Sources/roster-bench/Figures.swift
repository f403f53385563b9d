import Foundation

enum Stopwatch {
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = start.duration(to: .now).components
        return Double(d.seconds) + Double(d.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// The process's peak resident memory, in bytes.
    static func peakMemoryBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}

enum Table {
    static func print(_ rows: [(String, String)], json: Bool) {
        if json {
            let body = rows.map { "  \"\($0.0)\": \(Double($0.1) != nil ? $0.1 : "\"\($0.1)\"")" }
            Swift.print("{\n" + body.joined(separator: ",\n") + "\n}")
            return
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows {
            Swift.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }
}

/// The process's resident memory from /proc/self/status. Peak figures are the growth of the peak
/// (VmHWM) over the resident size just before the measured work, after the kernel's peak mark was
/// reset (`/proc/self/clear_refs`), so that each run is measured on its own and what the process held
/// before (generated files' buffers, seeded emulators) is not counted.
enum Memory {
    /// Resets the peak mark to the current resident size; false where the kernel does not allow it.
    /// Memory freed by earlier runs is handed back to the system first (`malloc_trim`), so that a
    /// run cannot reuse it unseen.
    @discardableResult
    static func resetPeak() -> Bool {
        _ = trimMalloc(0)
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    static var resident: Int { field("VmRSS") }
    static var peak: Int { field("VmHWM") }

    /// A `kB` field of /proc/self/status, in bytes.
    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return (Int(String(digits)) ?? 0) * 1024
        }
        return 0
    }

    /// Runs `body` and gives the peak's growth over the resident size before it, in bytes.
    static func growth<T>(_ body: () async throws -> T) async rethrows -> (T, Int) {
        resetPeak()
        let base = resident
        let result = try await body()
        return (result, max(0, peak - base))
    }
}

extension Stopwatch {
    static func since(_ start: ContinuousClock.Instant) -> Double {
        let d = start.duration(to: .now).components
        return Double(d.seconds) + Double(d.attoseconds) / 1e18
    }
}

/// Formats figures for `Table`.
enum Format {
    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
}

/// glibc's `malloc_trim`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
func trimMalloc(_ pad: Int) -> Int32
