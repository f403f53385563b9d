import Foundation
import RosterTestSupport
import Testing

/// `roster report` on every backend's sandbox: three canary people applied, then one of them
/// dropped from the config, so that their live account is an orphan.
@Suite struct ReportTests {
    @Test(arguments: ["uyuni", "ctera", "squirro", "cloud", "activelogic"])
    func reportFindsOwnersAndOrphans(type: String) async throws {
        let scene = try CanaryScene(type: type)
        let (canaries, backend, scratch, folder) = (scene.canaries, scene.backend, scene.scratch, scene.folder)
        let full = backend.config(canaries, url: "sandbox", credential: canaries.backend)
        let config = scratch.write("roster.yaml", full)
        let apply = try await RosterBinary.run(["apply", "-c", config, "--yes", "--secrets-out", scratch.path + "/secrets.json"], environment: scene.environment,
                                               directory: folder)
        #expect(apply.status == 0, "\(apply.all)")
        // Cara leaves the config but not the system.
        let reduced = scratch.write("reduced.yaml", full.components(separatedBy: "  canaryc:")[0])

        let json = try await RosterBinary.run(["report", "-c", reduced, "--format", "json"], environment: scene.environment,
                                              directory: folder)
        #expect(json.status == 0, "\(json.all)")
        let schema = try JSONSchema(file: RosterBinary.packageRoot + "/schemas/report.schema.json")
        let document = try JSON.parse(Data(json.stdout.utf8))
        #expect(schema.validate(document) == [])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let backends = report?["backends"] as? [[String: Any]] ?? []
        #expect(backends.count == 1)
        let accounts = backends.first?["accounts"] as? [[String: Any]] ?? []
        let byOwner = Dictionary(accounts.compactMap { a in (a["owner"] as? String).map { ($0, a["account"] as? String ?? "") } },
                                 uniquingKeysWith: { a, _ in a })
        #expect(Set(byOwner.keys) == ["canarya", "canaryb"], "\(accounts)")
        // The orphans: Cara's account, after any administrator no person owns.
        let orphans = backends.first?["orphans"] as? [String] ?? []
        let admins = Set(accounts.filter { $0["administrator"] as? Bool == true }.compactMap { $0["account"] as? String })
        let plain = orphans.filter { !admins.contains($0) }
        #expect(plain.count == 1 && (plain[0].lowercased().contains("canaryc") || plain[0].lowercased().contains("cara.canary")), "\(orphans)")
        #expect(orphans == orphans.filter(admins.contains) + plain)

        let csvFile = folder + "/report.csv"
        let csv = try await RosterBinary.run(["report", "-c", reduced, "--format", "csv", "--out", csvFile],
                                             environment: scene.environment, directory: folder)
        #expect(csv.status == 0, "\(csv.all)")
        let rows = try String(contentsOfFile: csvFile, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.count == accounts.count + 1)
        #expect(rows.first?.hasPrefix("backend,type,kind,account,owner") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: csvFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let markdown = try await RosterBinary.run(["report", "-c", reduced], environment: scene.environment,
                                                  directory: folder)
        #expect(markdown.status == 0, "\(markdown.all)")
        #expect(markdown.stdout.contains("**Orphans**"))
        for text in [json.all, csv.all, try String(contentsOfFile: csvFile, encoding: .utf8), markdown.all] {
            for canary in canaries.all { #expect(!text.contains(canary), "canary \(canary) in the report") }
        }
    }
}
