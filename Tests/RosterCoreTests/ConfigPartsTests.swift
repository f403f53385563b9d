import Foundation
import RosterCore
import RosterTestSupport
import RosterYAML
import Testing

/// A config file read in two parts on two cores, and people decoded and resolved in two halves,
/// give the same config, the same desired state and the same errors as one pass over the file.
@Suite struct ConfigPartsTests {
    let registry = ProviderRegistry([MemoryProvider(store: MemoryStore())])

    static func config(people: Int, broken: Int? = nil) -> String {
        "version: 1\nbackends:\n  mem: {type: memory, url: sandbox}\npeople:\n"
            + (0..<people).map { i in
                """
                  p\(i):
                    first_name: Person
                    \(i == broken ? "frist_name" : "last_name"): Number\(i)
                    email: p\(i)@example.com
                    accounts:
                      mem: {groups: [g\(i % 7)]}

                """
            }.joined()
            + "resources:\n  mem: {groups: {ops: {description: Ops}}}\n"
    }

    /// What a load gives, as text: people with their places, desired objects sorted, or the errors.
    func outcome(_ file: String, threshold: Int, halvesFrom: Int = .max) -> [String] {
        var loader = ConfigLoader(registry: registry, environment: [:])
        loader.partsThreshold = threshold
        loader.shardMinimum = halvesFrom
        do throws(DiagnosticError) {
            let config = try loader.load(path: file)
            let desired = try loader.resolve(config)
            let people = loader.people(of: config).map { "\($0.name) \($0.email ?? "-") \($0.location) \($0.accounts.map(\.location))" }
            var objects: [String] = []
            for (id, resource) in desired["mem"]?.resources ?? ResourceTable() {
                objects.append("\(id) \(resource.attributes.map { "\($0.name)=\($0.value)" }) \(resource.location.map(\.description) ?? "-")")
            }
            return people + objects.sorted()
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// The first line where two outcomes differ, if any (the outcomes are long).
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        if let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) { return "\(a[i])\n  vs\n\(b[i])" }
        return a.count == b.count ? nil : "\(a.count) lines vs \(b.count)"
    }

    @Test func aConfigReadInTwoPartsIsTheConfigReadWhole() throws {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", Self.config(people: 600))
        #expect(try YAMLDocument.loadParts(path: file, threshold: 1).count == 2)
        let whole = outcome(file, threshold: .max)
        #expect(whole.count > 1200, "\(whole.prefix(3))")
        let parts = outcome(file, threshold: 1)
        #expect(Self.firstDifference(parts, whole) == nil)
        // People decoded and resolved in two halves, from one document or from two.
        #expect(Self.firstDifference(outcome(file, threshold: .max, halvesFrom: 1), whole) == nil)
        #expect(Self.firstDifference(outcome(file, threshold: 1, halvesFrom: 1), whole) == nil)
    }

    @Test func anErrorAfterTheCutIsReportedAsInTheWholeFile() {
        let folder = TempFolder()
        let file = folder.write("roster.yaml", Self.config(people: 600, broken: 550))
        let whole = outcome(file, threshold: .max)
        #expect(whole.count == 1 && whole.first?.contains("unknown key 'frist_name'") == true, "\(whole)")
        #expect(outcome(file, threshold: 1) == whole)
        #expect(outcome(file, threshold: 1, halvesFrom: 1) == whole)
    }
}
