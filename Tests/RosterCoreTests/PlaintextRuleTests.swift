import Foundation
import RosterCore
import Testing
import RosterTestSupport

/// A plain `http://` URL to a host that is not loopback would send the backend's credentials in
/// the clear: refused at its line unless the backend says `allow_plaintext: true`.
@Suite struct PlaintextRuleTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    func diagnostics(_ marked: MarkedText) -> (String, [Diagnostic]) {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", marked.text)
        do throws(DiagnosticError) {
            _ = try ConfigLoader(registry: registry, environment: [:]).load(path: file)
            return (file, [])
        } catch {
            return (file, error.diagnostics)
        }
    }

    @Test func aRemoteHTTPURLIsRefusedAtItsLine() {
        let text = MarkedText("version: 1\nbackends:\n  mem:\n    type: memory\n    url: ⟨U⟩http://uyuni.example.com/rpc/api\n")
        let (file, diagnostics) = diagnostics(text)
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.description))")
        #expect(diagnostics.first?.description.hasPrefix(text.location("U", file: file) + ": error: backend 'mem': 'url' is plain http://") == true,
                "\(diagnostics.map(\.description))")
        #expect(diagnostics.first?.notes.first?.message.contains("allow_plaintext: true") == true)
    }

    @Test func loopbackHTTPSAndAllowPlaintextPass() {
        for url in ["http://127.0.0.1:8080/rpc", "http://localhost/x", "http://[::1]:80/", "https://uyuni.example.com/rpc",
                    "sandbox"] {
            let (_, diagnostics) = diagnostics(MarkedText("version: 1\nbackends:\n  mem: {type: memory, url: '\(url)'}\n"))
            #expect(diagnostics.isEmpty, "\(url): \(diagnostics.map(\.description))")
        }
        let allowed = MarkedText("version: 1\nbackends:\n  mem: {type: memory, url: 'http://10.0.0.5/', allow_plaintext: true}\n")
        #expect(diagnostics(allowed).1.isEmpty)
    }

    @Test func hostsAreToldApart() {
        #expect(PlaintextRule.isRemotePlaintext("http://10.1.2.3/"))
        #expect(PlaintextRule.isRemotePlaintext("HTTP://Example.com/"))
        #expect(PlaintextRule.isRemotePlaintext("http://127.0.0.1.example.com/"))
        #expect(!PlaintextRule.isRemotePlaintext("http://127.9.8.7:1/"))
        #expect(!PlaintextRule.isRemotePlaintext("https://10.1.2.3/"))
    }
}
