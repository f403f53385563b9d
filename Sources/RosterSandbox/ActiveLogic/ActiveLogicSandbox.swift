import Foundation
import RosterYAML

/// A sandbox that is a Python module rather than a server: ActiveLogic's public interface is the
/// vendor's `activelogic` module, so its sandbox is a module of that name (`python/activelogic`,
/// shipped in this target's resources and put on PYTHONPATH only for `url: sandbox`) whose state
/// lives in a JSON file. The URL handed to `sync_connect` is that file's `file://` URL.
public struct ModuleSandbox: Sendable {
    /// What the provider program passes to the module's `connect` (a `file://` state URL).
    public var url: String
    /// Added to the program's environment: PYTHONPATH with the sandbox module first.
    public var environment: [String: String]
    public var statePath: String
    /// A folder made for a state nobody asked to keep; removed by `remove()`.
    let scratch: String?

    public func remove() {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }
}

enum ActiveLogicSandbox {
    /// Where the sandbox's `activelogic` package sits (the folder to put on PYTHONPATH).
    static var modulePath: String? {
        Bundle.module.url(forResource: "python", withExtension: nil)?.path
    }

    /// Writes the seed's state to `statePath` unless a state is already there, and says how to reach it.
    /// Faults (`faults`, else the seed's `faults:` block) reach the module as `ACTIVELOGIC_SANDBOX_FAULTS`.
    static func prepare(seedPath: String?, statePath: String?, faults: FaultPlan? = nil) throws(SandboxError) -> ModuleSandbox {
        guard let module = modulePath else { throw SandboxError("the ActiveLogic sandbox module is not installed") }
        var scratch: String?
        let state: String
        if let statePath {
            state = statePath
        } else {
            let folder = NSTemporaryDirectory() + "roster-activelogic-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            scratch = folder
            state = folder + "/activelogic-state.json"
        }
        if !FileManager.default.fileExists(atPath: state) {
            let seed = try seedPath.map { path throws(SandboxError) in try ActiveLogicSeed.load(path: path) } ?? .default
            guard FileManager.default.createFile(atPath: state, contents: seed.stateJSON()) else {
                throw SandboxError("cannot write the ActiveLogic sandbox state '\(state)'")
            }
        }
        var pythonPath = module
        if let existing = ProcessInfo.processInfo.environment["PYTHONPATH"], !existing.isEmpty {
            pythonPath += ":" + existing
        }
        var environment = ["PYTHONPATH": pythonPath]
        let plan = try FaultPlan.resolve(faults, seedPath: seedPath)
        if let plan, !plan.isEmpty {
            environment["ACTIVELOGIC_SANDBOX_FAULTS"] = plan.moduleSpec
        }
        return ModuleSandbox(url: URL(fileURLWithPath: state).absoluteString, environment: environment,
                             statePath: state, scratch: scratch)
    }
}
