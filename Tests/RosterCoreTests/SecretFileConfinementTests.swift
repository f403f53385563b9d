import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// `${file:PATH}` reads only regular files inside the config's folder or a `--secrets-dir` folder:
/// a config cannot send `/etc/hostname` or `/proc/self/environ` to a backend as a password.
@Suite struct SecretFileConfinementTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])
    static let backends = "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\npeople:\n"

    /// The diagnostics of loading and resolving the config, and its file.
    func diagnostics(_ marked: MarkedText, in folder: TempFolder, secretsDirectories: [String] = []) -> (String, [Diagnostic]) {
        let file = folder.write("config/roster.yaml", marked.text)
        do throws(DiagnosticError) {
            var loader = ConfigLoader(registry: registry, environment: [:])
            loader.secretsDirectories = secretsDirectories
            _ = try loader.resolve(try loader.load(path: file))
            return (file, [])
        } catch {
            return (file, error.diagnostics)
        }
    }

    func expectRefused(_ diagnostics: [Diagnostic], at location: String) {
        let found = diagnostics.first { $0.description.hasPrefix(location + ": error: cannot read secret file") }
        #expect(found != nil, "\(diagnostics.map(\.description))")
        #expect(found?.notes.map(\.message).contains(SecretFileRule.description) == true)
    }

    @Test func anAbsolutePathOutsideIsAnErrorAtItsLine() {
        let folder = TempFolder()
        let text = MarkedText(Self.backends + "  a: {password: ⟨A⟩'${file:/etc/hostname}'}\n")
        let (file, diagnostics) = diagnostics(text, in: folder)
        expectRefused(diagnostics, at: text.location("A", file: file))
    }

    @Test func aDotDotEscapeIsAnErrorAtItsLine() {
        let folder = TempFolder()
        folder.write("outside.txt", "secret\n")
        let text = MarkedText(Self.backends + "  a: {first_name: A}\n  b: {password: ⟨B⟩'${file:../outside.txt}'}\n")
        let (file, diagnostics) = diagnostics(text, in: folder)
        expectRefused(diagnostics, at: text.location("B", file: file))
        #expect(diagnostics.count == 1)
    }

    @Test func aSymlinkEscapeIsAnErrorAtItsLine() throws {
        let folder = TempFolder()
        folder.write("outside.txt", "secret\n")
        folder.write("config/inside.txt", "fine\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/config/link.txt",
                                                   withDestinationPath: folder.path + "/outside.txt")
        let text = MarkedText(Self.backends + "  a: {password: '${file:inside.txt}'}\n  b: {password: ⟨L⟩'${file:link.txt}'}\n")
        let (file, diagnostics) = diagnostics(text, in: folder)
        expectRefused(diagnostics, at: text.location("L", file: file))
        #expect(diagnostics.count == 1)
    }

    @Test func aSecretsDirAdmitsAFileOutsideTheConfigFolder() throws {
        let folder = TempFolder()
        folder.write("vault/pw", "from-vault\n")
        let text = MarkedText(Self.backends + "  a: {password: '${file:\(folder.path)/vault/pw}'}\n")
        let (_, refused) = diagnostics(text, in: folder)
        #expect(refused.count == 1)
        let (file, diagnostics) = diagnostics(text, in: folder, secretsDirectories: [folder.path + "/vault"])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        var loader = ConfigLoader(registry: registry, environment: [:])
        loader.secretsDirectories = [folder.path + "/vault"]
        let config = try loader.load(path: file)
        #expect(loader.people(of: config).first?.password?.reveal() == "from-vault")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() {
        let folder = TempFolder()
        folder.write("config/.keep", "")
        #expect(mkfifo(folder.path + "/config/pipe", 0o600) == 0)
        let text = MarkedText(Self.backends + "  a: {password: ⟨P⟩'${file:pipe}'}\n")
        // No writer ever opens the FIFO: a blocking open would hang this test.
        let (file, diagnostics) = diagnostics(text, in: folder)
        expectRefused(diagnostics, at: text.location("P", file: file))
        #expect(diagnostics.first?.description.contains("not a regular file") == true)
    }

    @Test func aDeviceIsRefusedEvenInsideASecretsDir() {
        let folder = TempFolder()
        let text = MarkedText(Self.backends + "  a: {password: ⟨Z⟩'${file:/dev/zero}'}\n")
        let (file, diagnostics) = diagnostics(text, in: folder, secretsDirectories: ["/dev"])
        expectRefused(diagnostics, at: text.location("Z", file: file))
        #expect(diagnostics.first?.description.contains("not a regular file") == true)
    }
}
