// Seed files are read with RosterYAML, which is being written on another branch. Until
// it is merged, build with -Xswiftc -DROSTER_YAML_SEEDS to compile the real loader.
#if ROSTER_YAML_SEEDS
import RosterYAML

extension UyuniSeed {
    public static func load(path: String) throws(SandboxError) -> UyuniSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.load(path: path)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try UyuniSeedReader.read(document.root)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> UyuniSeed {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.parse(text, file: file)
        } catch {
            throw SandboxError.yaml(error)
        }
        return try UyuniSeedReader.read(document.root)
    }
}

extension SandboxError {
    static func yaml(_ failure: YAMLLoadFailure) -> SandboxError {
        guard let first = failure.errors.first else { return SandboxError("\(failure)") }
        return SandboxError(first.message, location: first.location.description)
    }

    init(_ message: String, at node: YAMLNode) {
        self.init(message, location: node.location.description)
    }
}
#else
extension UyuniSeed {
    public static func load(path: String) throws(SandboxError) -> UyuniSeed {
        throw SandboxError("seed files cannot be read yet: the YAML loader is not part of this build", location: path)
    }

    public static func parse(_ text: String, file: String) throws(SandboxError) -> UyuniSeed {
        throw SandboxError("seed files cannot be read yet: the YAML loader is not part of this build", location: file)
    }
}
#endif
