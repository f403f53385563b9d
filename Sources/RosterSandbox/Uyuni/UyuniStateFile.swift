import Foundation

/// The emulator's state on disk: JSON, replaced atomically (temporary file and rename)
/// after every successful mutating call.
enum UyuniStateFile {
    static let format = "roster-sandbox-uyuni/1"

    struct Envelope: Codable {
        var format: String
        var state: UyuniState
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func load(_ path: String) throws(SandboxError) -> UyuniState {
        let envelope: Envelope
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw SandboxError("cannot read the Uyuni state file '\(path)': \(error)")
        }
        guard envelope.format == format else {
            throw SandboxError("'\(path)' has format '\(envelope.format)', expected '\(format)'")
        }
        return envelope.state
    }

    static func save(_ state: UyuniState, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Envelope(format: format, state: state))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
