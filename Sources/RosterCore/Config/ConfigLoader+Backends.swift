import Foundation
import RosterYAML

/// A config's backends read without its people: the top-level `backends:` block cut out of the
/// one file that has it, by its lines, and read as a config of its own. A pull-request plan
/// connects with these while both configs load; the full load then has to agree (it decides).
extension ConfigLoader {
    /// The backends of the config at `path`; nil when the block cannot be cut out plainly (no
    /// such line, one in two files, a flow mapping, an alias to an anchor outside it) or has any
    /// problem.
    public func backendsAlone(path: String) -> RosterConfig? {
        guard let files = try? Self.files(at: path) else { return nil }
        var found: (file: String, bytes: [UInt8])?
        for file in files {
            guard Self.isRegularFile(file), let data = FileManager.default.contents(atPath: file),
                  data.count <= limits.maxFileSize else { return nil }
            switch Self.backendsBlock(Array(data)) {
            case .none: continue
            case .ambiguous: return nil
            case .block(let bytes):
                if found != nil { return nil }
                found = (file, bytes)
            }
        }
        guard let found else { return nil }
        // The block alone, with the version every config has.
        let bytes = Array("version: 1\n".utf8) + found.bytes
        let base = Self.baseDirectory(of: path)
        var config: RosterConfig
        do { config = try load(bytes: bytes, file: found.file, baseDirectory: base, backendsOnly: true) } catch { return nil }
        guard config.warnings.isEmpty else { return nil }
        config.baseDirectory = base
        return config
    }

    enum BackendsBlock: Equatable {
        case none, ambiguous
        case block([UInt8])
    }

    /// The lines of the top-level `backends:` key (`ConfigLines.block`).
    static func backendsBlock(_ bytes: [UInt8]) -> BackendsBlock {
        switch ConfigLines.block("backends", in: bytes) {
        case .none: .none
        case .ambiguous: .ambiguous
        case .lines(let range): .block(Array(bytes[range]))
        }
    }
}
