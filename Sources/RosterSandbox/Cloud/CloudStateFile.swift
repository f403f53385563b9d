import Foundation

/// The cloud emulator's state on disk: JSON, replaced atomically after every successful mutation.
enum CloudStateFile {
    static let format = "roster-sandbox-cloud/1"

    struct Envelope: Codable {
        var format: String
        var state: CloudState
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func load(_ path: String) throws(SandboxError) -> CloudState {
        let envelope: Envelope
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw SandboxError("cannot read the cloud state file '\(path)': \(error)")
        }
        guard envelope.format == format else {
            throw SandboxError("'\(path)' has format '\(envelope.format)', expected '\(format)'")
        }
        return envelope.state
    }

    static func save(_ state: CloudState, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Envelope(format: format, state: state))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
