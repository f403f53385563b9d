import Foundation

/// Keeps memory out of a crash report. When roster crashes, the Swift runtime prints a report; a
/// run without a terminal gets its `full` preset, which prints, for the crashed thread, 16 bytes
/// of memory at every register as hex and text, so a register that points into a password or a
/// token prints it. roster therefore adds `registers=none` to `SWIFT_BACKTRACE` and starts itself
/// again once, before any secret is read: the runtime reads the variable only as a process starts.
/// The report keeps every thread's backtrace, the images and the crash's cause.
///
/// An operator who writes `registers=` in `SWIFT_BACKTRACE` chooses for themself (the dump may
/// then show secrets), and one who turns the backtracer off needs nothing changed.
public enum CrashReports {
    public static let variable = "SWIFT_BACKTRACE"

    /// The `SWIFT_BACKTRACE` to start again with, or nil when `current` can stay.
    public static func settings(for current: String?) -> String? {
        let current = current ?? ""
        let entries = current.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let off = ["no", "false", "n", "f", "off", "0"]
        if entries.contains(where: { $0.hasPrefix("registers=") }) { return nil }
        if entries.contains(where: { $0.hasPrefix("enable=") && off.contains(String($0.dropFirst(7))) }) { return nil }
        return current.trimmingCharacters(in: .whitespaces).isEmpty ? "registers=none" : current + ",registers=none"
    }

    /// Starts this program again (same process, arguments and descriptors) with registers left out
    /// of crash reports, if they are not already. Returns only when nothing needs to change or the
    /// program cannot be started again; then the run goes on as it is.
    public static func leaveOutRegisters() {
        #if os(Linux)
        guard let settings = settings(for: ProcessInfo.processInfo.environment[variable]) else { return }
        setenv(variable, settings, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
