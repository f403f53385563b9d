import Foundation
import RosterActiveLogic
import RosterCloud
import RosterCore
import RosterCtera
import RosterSquirro
import RosterUyuni

/// What each fuzz target does with one input, shared by the libFuzzer executables
/// (`Fuzz/Sources/fuzz-*`) and the regression tests that replay the corpus and every input that
/// once crashed (`Tests/FuzzRegressionTests`).
public enum FuzzInput {
    /// Every provider, as `Roster.registry` lists them (a test checks that they agree).
    public static let registry = ProviderRegistry([
        UyuniProvider(), CteraProvider(), ActiveLogicProvider(), CloudProvider(), SquirroProvider(),
    ])

    /// `${env:}` sees an empty environment and relative `${file:}` an empty folder, so a run
    /// reads nothing of the machine it runs on (an absolute path still reads, within the
    /// secret-file limit).
    static let loader = ConfigLoader(registry: registry, environment: [:])
    static let base = NSTemporaryDirectory() + "roster-fuzz-config"

    /// The bytes are a `roster.yaml`, loaded and resolved with every provider of the registry. It
    /// loads, or fails with diagnostics; anything else (a crash, a hang, unbounded memory) is a bug.
    public static func config(_ bytes: [UInt8]) {
        do {
            let config = try loader.load(bytes: bytes, file: "fuzz.yaml", baseDirectory: base)
            _ = try? loader.resolve(config)
        } catch {
            for diagnostic in error.diagnostics { _ = diagnostic.description }
        }
    }
}
