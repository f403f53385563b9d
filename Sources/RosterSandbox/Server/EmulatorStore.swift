import Foundation
import Synchronization

/// What an emulator keeps under its lock: the persisted state and whatever lives only in memory
/// beside it (sessions, tokens).
protocol EmulatorWorld: Sendable {
    associatedtype State: Codable & Sendable
    var state: State { get set }
}

/// The shell every HTTP emulator shares: it starts from the state file when one exists, else from
/// the seed; it guards the world with one lock; and it writes the state file (atomically, through
/// `StateFile`) after a call that changed the state, remembering the last failure to write.
final class EmulatorStore<World: EmulatorWorld>: Sendable {
    /// Where the state is kept between processes, if anywhere.
    let statePath: String?
    private let file: StateFile<World.State>
    private let world: Mutex<World>
    private let persistenceFailure = Mutex<String?>(nil)

    /// Loads `statePath` when it names an existing file, else builds the state with `seed`;
    /// `makeWorld` wraps the state with what is not persisted.
    init(statePath: String?, file: StateFile<World.State>, seed: () throws(SandboxError) -> World.State,
         makeWorld: (World.State) -> World) throws(SandboxError) {
        let state: World.State
        if let statePath, file.exists(statePath) {
            state = try file.load(statePath)
        } else {
            state = try seed()
        }
        self.statePath = statePath
        self.file = file
        world = Mutex(makeWorld(state))
    }

    /// A snapshot of the current state.
    var state: World.State { world.withLock { $0.state } }

    /// The last failure to write the state file, if any (nil again after a write succeeds).
    var persistenceError: String? { persistenceFailure.withLock { $0 } }

    /// Changes the state directly (for tests), then persists it like a mutating call.
    func modifyState(_ body: (inout World.State) -> Void) {
        world.withLock { world in
            body(&world.state)
            persist(world.state)
        }
    }

    /// Runs `body` under the lock without persisting (reads, sessions, tokens).
    func withWorld<T: Sendable>(_ body: (inout World) -> T) -> T {
        world.withLock { body(&$0) }
    }

    /// Runs one call under the lock; `body` gives its result and whether to persist the state
    /// (after a successful mutating call).
    func perform<T: Sendable>(_ body: (inout World) -> (T, Bool)) -> T {
        world.withLock { world in
            let (result, changed) = body(&world)
            if changed { persist(world.state) }
            return result
        }
    }

    private func persist(_ state: World.State) {
        guard let statePath else { return }
        do {
            try file.save(state, to: statePath)
            persistenceFailure.withLock { $0 = nil }
        } catch {
            let message = "cannot write the \(file.vendor) state file '\(statePath)': \(error)"
            persistenceFailure.withLock { $0 = message }
            FileHandle.standardError.write(Data("roster sandbox: \(message)\n".utf8))
        }
    }
}

/// Unix seconds from the system clock: the emulators' default clock.
enum EmulatorClock {
    static let system: @Sendable () -> Double = { Date().timeIntervalSince1970 }
}

extension RequestLog {
    /// Records a request under the vendor's operation name.
    func record(_ request: EmulatorRequest, operation: String, mutating: Bool) {
        record(.init(method: request.method, path: request.path, operation: operation, mutating: mutating))
    }

    /// Records a request no route of the emulator knows, as `METHOD PATH`.
    func recordUnrouted(_ request: EmulatorRequest) {
        record(request, operation: "\(request.method) \(request.path)", mutating: false)
    }
}
