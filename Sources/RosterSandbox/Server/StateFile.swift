import Foundation

/// An emulator's state on disk: JSON with a format tag, replaced atomically (temporary file and
/// rename) after every successful mutating call, so that `apply` in one process and `plan` in the
/// next see the same system.
struct StateFile<State: Codable>: Sendable {
    let format: String
    /// The vendor's name, for errors.
    let vendor: String

    private struct Envelope: Codable {
        var format: String
        var state: State
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    func load(_ path: String) throws(SandboxError) -> State {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SandboxError("cannot read the \(vendor) state file '\(path)': \(error)")
        }
        guard envelope.format == format else {
            throw SandboxError("'\(path)' has format '\(envelope.format)', expected '\(format)'")
        }
        return envelope.state
    }

    func save(_ state: State, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Envelope(format: format, state: state)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
