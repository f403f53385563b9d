import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write the live state of backends as a config. Never changes anything.",
        discussion: """
            Reads the config only for its backends, reads everything they hold through sessions \
            that cannot send a mutating request, and writes a config: those backends as written, \
            people joined across backends by email (then by login), and each backend's own objects \
            under 'resources'. No secret is written: a literal credential of a backend becomes \
            ${env:NAME}, and the names to set are listed on stderr. Planning the written config \
            against the same systems shows no change.
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("backend"), parsing: .upToNextOption,
            help: "Backends of the config to import: --backend a b, or --backend a --backend b.")
    var backends: [String] = []

    @Option(help: "Write the config to this file instead of stdout.")
    var out: String?

    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard !backends.isEmpty else { throw ValidationError("name at least one --backend to import") }
    }

    func run() async throws {
        try await Exit.guarded {
            let runner = Runner(log: log, secrets: secrets)
            let folder = out.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            let result = try await runner.importLive(configPath: config.path, backends: backends, outputFolder: folder)
            if let out, let folder {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try SafeFile.replace(out, with: Data(result.text.utf8), operation: "--out")
                Output.writeError("Wrote \(out)\n")
            } else {
                Output.write(result.text)
            }
            for warning in result.warnings { Output.writeError("warning: \(warning)\n") }
            if !result.environment.isEmpty {
                Output.writeError("The config reads these environment variables; set them before planning it: "
                    + result.environment.joined(separator: ", ") + "\n")
            }
        }
    }
}
