import Testing

/// Tags for the suites that are slow to run, so a quick pass can leave them out
/// (`swift test --skip-tag`-style: see the README's test section).
extension Tag {
    /// Seconds per test: crash and interrupt runs, fault convergence, benchmarks, runs at scale.
    @Tag public static var slow: Self
    /// Drives a vendor's own SDK or a stock client (Python) against an emulator; needs python3.
    @Tag public static var vendorSDK: Self
}
