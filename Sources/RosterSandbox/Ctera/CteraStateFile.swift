import Foundation

/// The emulator's state on disk: JSON, replaced atomically after every successful mutating call.
enum CteraStateFile {
    static let format = "roster-sandbox-ctera/1"

    struct Envelope: Codable {
        var format: String
        var state: CteraState
    }

    static func load(_ path: String) throws(SandboxError) -> CteraState {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SandboxError("cannot read the CTERA state file '\(path)': \(error)")
        }
        guard envelope.format == format else {
            throw SandboxError("'\(path)' has format '\(envelope.format)', expected '\(format)'")
        }
        return envelope.state
    }

    static func save(_ state: CteraState, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Envelope(format: format, state: state)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
