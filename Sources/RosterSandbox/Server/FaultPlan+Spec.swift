import Foundation
import RosterYAML

/// A fault plan from text: `error=0.1,drop=0.05,lost=0.02,throttle=0.05,retry-after=1,latency=20ms`
/// (`roster sandbox --fault TYPE:SPEC`), or from a seed's `faults:` mapping with the same keys.
extension FaultPlan {
    public static let specKeys = ["error", "status", "drop", "lost", "throttle", "retry_after", "latency", "echo"]

    /// Parses `key=value` pairs separated by commas; `retry-after` and `retry_after` are the same key,
    /// `status` lists statuses separated by `/` (`status=500/503`).
    public init(spec: String) throws(SandboxError) {
        var pairs: [(String, String)] = []
        for item in spec.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw SandboxError("a fault is KEY=VALUE, not '\(item)'") }
            pairs.append((String(parts[0]).trimmingCharacters(in: .whitespaces),
                          String(parts[1]).trimmingCharacters(in: .whitespaces)))
        }
        try self.init(pairs: pairs)
    }

    /// Reads a seed's `faults:` mapping.
    public init(node: YAMLNode) throws(SandboxError) {
        guard node.kind == .mapping else { throw SandboxError("expected a mapping for faults", at: node) }
        var pairs: [(String, String)] = []
        for entry in node.entries {
            let key = entry.key.scalar ?? ""
            if entry.value.kind == .sequence {
                pairs.append((key, entry.value.items.compactMap(\.scalar).joined(separator: "/")))
            } else {
                pairs.append((key, entry.value.scalar ?? ""))
            }
            do throws(SandboxError) { _ = try FaultPlan(pairs: [pairs.last!]) } catch { throw SandboxError(error.message, at: entry.key) }
        }
        try self.init(pairs: pairs)
    }

    init(pairs: [(String, String)]) throws(SandboxError) {
        self.init()
        for (rawKey, value) in pairs {
            let key = rawKey.replacingOccurrences(of: "-", with: "_")
            switch key {
            case "error": errorRate = try Self.rate(value, key)
            case "drop": dropRate = try Self.rate(value, key)
            case "lost": lostRate = try Self.rate(value, key)
            case "throttle": throttleRate = try Self.rate(value, key)
            case "echo": echoRate = try Self.rate(value, key)
            case "retry_after":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw SandboxError("'retry_after' takes whole seconds, not '\(value)'")
                }
                retryAfter = seconds
            case "latency": latency = try Self.duration(value)
            case "status":
                let statuses = value.split(separator: "/").compactMap { Int($0) }
                guard !statuses.isEmpty, statuses.allSatisfy({ (400...599).contains($0) }) else {
                    throw SandboxError("'status' takes HTTP error statuses such as 500/503, not '\(value)'")
                }
                errorStatuses = statuses
            default:
                throw SandboxError("unknown fault '\(rawKey)'; expected one of: \(Self.specKeys.joined(separator: ", "))")
            }
        }
    }

    static func rate(_ text: String, _ key: String) throws(SandboxError) -> Double {
        guard let value = Double(text), (0...1).contains(value) else {
            throw SandboxError("'\(key)' is a fraction between 0 and 1, not '\(text)'")
        }
        return value
    }

    /// `20ms`, `1.5s`, `0`.
    static func duration(_ text: String) throws(SandboxError) -> Duration {
        let (number, scale): (Substring, Double) =
            text.hasSuffix("ms") ? (text.dropLast(2), 1) : text.hasSuffix("s") ? (text.dropLast(), 1000) : (Substring(text), 1)
        guard let value = Double(number), value >= 0, text == "0" || text.hasSuffix("s") else {
            throw SandboxError("'latency' is a duration such as 20ms or 1s, not '\(text)'")
        }
        return .milliseconds(Int64(value * scale))
    }

    /// The faults a module sandbox understands (ActiveLogic's: error, drop, lost, latency), as
    /// `ACTIVELOGIC_SANDBOX_FAULTS` text.
    public var moduleSpec: String {
        let milliseconds = latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000
        return "error=\(errorRate),drop=\(dropRate),lost=\(lostRate),latency=\(milliseconds)ms"
    }

    /// The seed's `faults:` block, if it has one (none when there is no seed).
    public static func fromSeed(path: String?) throws(SandboxError) -> FaultPlan? {
        guard let path else { return nil }
        let document: YAMLDocument
        do { document = try YAMLDocument.load(path: path) } catch { throw SandboxError.yaml(error) }
        guard document.root.kind == .mapping, let node = document.root["faults"] else { return nil }
        return try FaultPlan(node: node)
    }

    /// The faults an emulator or module sandbox starts with: `given` (`--fault`, a test) when there
    /// is one, else the seed's `faults:` block.
    public static func resolve(_ given: FaultPlan?, seedPath: String?) throws(SandboxError) -> FaultPlan? {
        if let given { return given }
        return try fromSeed(path: seedPath)
    }
}
